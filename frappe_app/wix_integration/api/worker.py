"""Worker endpoints, only for the integration user (role Wix Integration User), called with token auth."""

import frappe

from wix_integration import contract, results
from wix_integration.constants import SETTINGS_DOCTYPE
from wix_integration.health import store_heartbeat
from wix_integration.permissions import integration_user_only, parse_argument
from wix_integration.redaction import redact_text
from wix_integration.settings import get_settings, known_secrets
from wix_integration.worker_config import worker_config


@frappe.whitelist(methods=["GET"])
@integration_user_only
def get_config() -> dict:
	"""Return the worker-config document, with the decrypted Wix API key."""
	return worker_config()


@frappe.whitelist(methods=["POST"])
@integration_user_only
def report_result(result: dict | str) -> dict:
	"""Record a sync-result; reporting the same event_id again returns the first outcome."""
	result = _validated("sync-result", parse_argument(result, dict, "result"))
	return results.apply_result(result)


@frappe.whitelist(methods=["POST"])
@integration_user_only
def heartbeat(heartbeat: dict | str) -> dict:
	beat = _validated("heartbeat", parse_argument(heartbeat, dict, "heartbeat"))
	store_heartbeat(beat)
	if beat["catalog_version"] and get_settings().catalog_version != beat["catalog_version"]:
		frappe.db.set_single_value(SETTINGS_DOCTYPE, "catalog_version", beat["catalog_version"])
	return {"ok": True}


def _validated(schema_name: str, message: dict) -> dict:
	errors = contract.validation_errors(schema_name, message)
	if errors:
		# jsonschema quotes the offending values, and a misplaced field could hold the API key.
		detail = redact_text("; ".join(errors[:10]), known_secrets())
		frappe.throw(
			frappe._("The {0} document is invalid: {1}").format(schema_name, detail), frappe.ValidationError
		)
	return message
