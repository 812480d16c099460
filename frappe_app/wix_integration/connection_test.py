"""Run Test Connection: ask a worker over RabbitMQ and turn its reply into the admin checks."""

import frappe
from frappe import _

from wix_integration import contract, events
from wix_integration.connection_rpc import request_connection_test
from wix_integration.constants import SCHEMA_VERSION, SETTINGS_DOCTYPE
from wix_integration.redaction import amqp_url_for_display, redact_text
from wix_integration.settings import amqp_url, get_settings, known_secrets, site_name

DEFAULT_TIMEOUT_MS = 8000
WIX_CHECKS = ("config", "wix_auth", "catalog_version")


def run_connection_test() -> dict:
	"""Return {ok, catalog_version, checks}; checks are broker, worker, config, wix_auth, catalog_version."""
	timeout_ms = int(frappe.conf.get("wix_connection_test_timeout_ms") or DEFAULT_TIMEOUT_MS)
	request = {
		"schema_version": SCHEMA_VERSION,
		"type": "connection.test.request",
		"request_id": events.new_event_id(),
		"requested_at": events.utc_timestamp(),
		"site": site_name(),
		"timeout_ms": timeout_ms,
	}
	outcome = request_connection_test(amqp_url(), request, consumer_queue=connection_test_queue())
	secrets = known_secrets()
	checks = [{"name": "broker", "ok": outcome.broker_ok, "message": broker_message(outcome)}]
	if outcome.broker_ok:
		checks.append({"name": "worker", "ok": outcome.worker_ok, "message": worker_message(outcome)})
	else:
		checks.append({"name": "worker", "ok": False, "message": _("Not checked: RabbitMQ is unreachable.")})

	reply = outcome.reply
	if reply:
		by_name = {check["name"]: check for check in reply["checks"]}
		for name in WIX_CHECKS:
			check = by_name.get(name) or {"ok": False, "message": _("The worker did not run this check.")}
			checks.append({"name": name, "ok": check["ok"], "message": check["message"]})
	else:
		checks.append(local_config_check())
		not_checked = _("Not checked: the worker did not answer.")
		checks.extend({"name": name, "ok": False, "message": not_checked} for name in WIX_CHECKS[1:])

	catalog_version = reply["catalog_version"] if reply else None
	if catalog_version in ("V1", "V3") and get_settings().catalog_version != catalog_version:
		frappe.db.set_single_value(SETTINGS_DOCTYPE, "catalog_version", catalog_version)
	for check in checks:
		check["message"] = redact_text(check["message"], secrets)
	return {
		"ok": all(check["ok"] for check in checks) and bool(reply and reply["ok"]),
		"catalog_version": catalog_version,
		"checks": checks,
	}


def broker_message(outcome) -> str:
	url = amqp_url_for_display(amqp_url())
	if outcome.broker_ok:
		return _("RabbitMQ at {0} accepted the connection").format(url)
	# The detail is pika's own text.
	return _("Cannot reach RabbitMQ at {0}: {1}").format(url, outcome.broker_error)


def worker_message(outcome) -> str:
	"""Return the translated message for the worker check, from the outcome's reason code."""
	details = outcome.worker_details
	messages = {
		"queue_missing": lambda: _("Worker not running: queue {0} does not exist; start the worker").format(
			details.get("queue")
		),
		"no_consumer": lambda: _("Worker not running: queue {0} has no consumer; start the worker").format(
			details.get("queue")
		),
		"unbound": lambda: _(
			"Worker not running: no queue is bound to exchange {0} for routing key {1}; start the worker"
		).format(details.get("exchange"), details.get("routing_key")),
		"channel_closed": lambda: _("RabbitMQ closed the channel while publishing the request: {0}").format(
			details.get("detail")
		),
		"invalid_reply": lambda: _("The worker sent an invalid reply: {0}").format(details.get("detail")),
		"timeout": lambda: _(
			"Worker not running: no reply within {0} ms; start the worker or check its log"
		).format(details.get("timeout_ms")),
		"replied": lambda: _("Worker {0} replied").format(details.get("worker_id")),
	}
	build = messages.get(outcome.worker_reason)
	return build() if build else outcome.worker_message


def connection_test_queue() -> str:
	"""Return the queue the worker consumes connection tests from, `<exchange>.control` unless configured."""
	return (
		frappe.conf.get("wix_connection_test_queue") or f"{contract.topology()['exchange']['name']}.control"
	)


def local_config_check() -> dict:
	settings = get_settings()
	missing = [
		_(label)
		for field, label in (("site_id", "Wix Site ID"), ("api_key", "Wix API Key"))
		if not (
			settings.get_password(field, raise_exception=False) if field == "api_key" else settings.get(field)
		)
	]
	if missing:
		return {
			"name": "config",
			"ok": False,
			"message": _("Missing in Wix Settings: {0}").format(", ".join(missing)),
		}
	return {"name": "config", "ok": True, "message": _("Wix Site ID and API Key are set")}
