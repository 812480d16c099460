"""Admin endpoints for Wix Managers and System Managers; everyone else gets HTTP 403."""

import frappe
from frappe import _

from wix_integration import bulk, connection_test, outbox
from wix_integration import health as health_figures
from wix_integration.constants import (
	FAILED,
	ITEM_DELETE,
	ITEM_UPSERT,
	LOG_DOCTYPE,
	QUEUED,
	SETTINGS_DOCTYPE,
)
from wix_integration.permissions import manager_only, parse_argument
from wix_integration.redaction import redact_text
from wix_integration.settings import get_settings as load_settings
from wix_integration.settings import known_secrets
from wix_integration.sync_filter import item_skip_reason

# Layout fields and buttons carry no value; the API key is never returned.
NON_VALUE_FIELDTYPES = ("Section Break", "Column Break", "Tab Break", "Button", "HTML", "Heading")


@frappe.whitelist(methods=["GET"])
@manager_only
def health() -> dict:
	return health_figures.health()


@frappe.whitelist(methods=["GET"])
@manager_only
def get_settings() -> dict:
	"""Return every Wix Settings value except the API key, plus api_key_set."""
	return settings_values()


def settings_values() -> dict:
	doc = frappe.get_single(SETTINGS_DOCTYPE)
	doc.run_method("onload")
	values = {
		df.fieldname: doc.get(df.fieldname)
		for df in doc.meta.fields
		if df.fieldtype not in NON_VALUE_FIELDTYPES and df.fieldname != "api_key"
	}
	values["api_key_set"] = bool(doc.get_password("api_key", raise_exception=False))
	return values


@frappe.whitelist(methods=["POST"])
@manager_only
def save_settings(settings: dict | str) -> dict:
	"""Save Wix Settings; omit api_key (or send it empty) to keep the stored key."""
	settings = parse_argument(settings, dict, "settings")
	doc = frappe.get_single(SETTINGS_DOCTYPE)
	writable = {
		df.fieldname
		for df in doc.meta.fields
		if df.fieldtype not in NON_VALUE_FIELDTYPES and not df.read_only
	}
	errors = [
		{"field": field, "message": _("{0} is not a Wix Settings field that can be changed.").format(field)}
		for field in settings
		if field not in writable
	]
	if errors:
		return {"ok": False, "errors": errors}
	values = dict(settings)
	if not values.get("api_key"):
		values.pop("api_key", None)
	doc.update(values)
	field_errors = doc.validation_errors()
	if field_errors:
		# A message quotes the invalid value, which may be the API key typed into the wrong field.
		secrets = [*known_secrets(), values.get("api_key")]
		errors = [
			{"field": field, "message": redact_text(message, secrets)} for field, message in field_errors
		]
		return {"ok": False, "errors": errors}
	doc.save()
	return {"ok": True}


@frappe.whitelist(methods=["POST"])
@manager_only
def trigger_sync(item_code: str) -> dict:
	"""Publish a manual item.upsert event for one Item, even when automatic sync is off."""
	if not frappe.db.exists("Item", item_code):
		frappe.throw(_("Item {0} does not exist.").format(item_code), frappe.DoesNotExistError)
	settings = load_settings()
	if not settings.enabled:
		frappe.throw(_("Wix sync is disabled; tick Enable Wix Sync in Wix Settings first."))
	item = frappe.get_doc("Item", item_code)
	reason = item_skip_reason(item, settings)
	if reason:
		name = outbox.insert_skipped_log(item_code, "manual", reason)
	else:
		name = outbox.enqueue_item_upsert(item, "manual")
	frappe.db.commit()  # publishes through the outbox's after-commit callback
	return _log_summary(name)


@frappe.whitelist(methods=["POST"])
@manager_only
def bulk_sync(filters: dict | str | None = None) -> dict:
	"""Queue a background job that publishes every matching Item; progress arrives as wix_bulk_progress."""
	filters = parse_argument(filters or {}, dict, "filters")
	if not load_settings().enabled:
		frappe.throw(_("Wix sync is disabled; tick Enable Wix Sync in Wix Settings first."))
	filters = bulk.validate_filters(filters)
	item_codes = bulk.matching_items(filters)
	job_id = frappe.generate_hash(length=16)
	frappe.enqueue(
		"wix_integration.bulk.run_bulk_sync",
		queue="long",
		timeout=6 * 3600,
		job_id=f"wix_bulk_sync_{job_id}",
		enqueue_after_commit=True,
		bulk_job_id=job_id,
		item_codes=item_codes,
	)
	return {"job_id": job_id, "total": len(item_codes)}


@frappe.whitelist(methods=["POST"])
@manager_only
def retry(log_names: list[str] | str) -> dict:
	"""Publish again: a Failed row gets a new retry event from the Item as it is now; a Queued row is republished."""
	log_names = parse_argument(log_names, list, "log_names")
	retried = 0
	skipped = []
	to_republish = []
	for name in dict.fromkeys(log_names):
		log = frappe.db.get_value(
			LOG_DOCTYPE, name, ["name", "status", "event_type", "item", "retried_as", "payload"], as_dict=True
		)
		reason = _retry_skip_reason(log, name)
		if reason:
			skipped.append({"log": name, "reason": reason})
			continue
		if log.status == QUEUED:
			to_republish.append(name)
		else:
			new_name = _retry_failed(log)
			frappe.db.set_value(LOG_DOCTYPE, name, "retried_as", new_name, update_modified=False)
		retried += 1
	frappe.db.commit()
	if to_republish:
		outbox.publish_logs(to_republish)
	return {"retried": retried, "skipped": skipped}


def _retry_skip_reason(log, name: str) -> str | None:
	if not log:
		return _("Wix Integration Log {0} does not exist.").format(name)
	if log.event_type not in (ITEM_UPSERT, ITEM_DELETE):
		return _("Only item events can be retried, not {0}.").format(log.event_type)
	if log.status not in (FAILED, QUEUED):
		return _("Status is {0}; only Failed or Queued rows can be retried.").format(_(log.status))
	if log.retried_as:
		return _("Already retried as {0}.").format(log.retried_as)
	if log.event_type == ITEM_UPSERT and not frappe.db.exists("Item", log.item):
		return _("Item {0} no longer exists.").format(log.item)
	return None


def _retry_failed(log) -> str:
	if log.event_type == ITEM_UPSERT:
		return outbox.enqueue_item_upsert(frappe.get_doc("Item", log.item), "retry", retry_of=log.name)
	return outbox.enqueue_stored_delete(log, "retry")


@frappe.whitelist(methods=["POST"])
@manager_only
def test_connection() -> dict:
	return connection_test.run_connection_test()


def _log_summary(name: str) -> dict:
	log = frappe.db.get_value(LOG_DOCTYPE, name, ["name", "event_id", "status"], as_dict=True)
	return {"event_id": log.event_id, "log": log.name, "status": log.status}
