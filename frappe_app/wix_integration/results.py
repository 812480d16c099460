"""Apply a worker's sync-result to the log row, the Wix Item Mapping and the Item's Wix fields."""

import json
from datetime import datetime
from zoneinfo import ZoneInfo

import frappe
from dateutil.parser import isoparse
from frappe import _
from frappe.utils import get_system_timezone

from wix_integration import realtime
from wix_integration.constants import (
	FAILED,
	ITEM_CUSTOM_FIELDS,
	ITEM_EVENT_TYPES,
	LOG_DOCTYPE,
	MAPPING_DOCTYPE,
	MAPPING_FAILED,
	MAPPING_SKIPPED,
	MAPPING_SYNCED,
	SKIPPED,
	SUCCESS,
	SUPERSEDED,
)
from wix_integration.redaction import redact
from wix_integration.settings import known_secrets
from wix_integration.sync_filter import WRITE_BACK_FLAG

MAPPING_STATUS_BY_RESULT = {SUCCESS: MAPPING_SYNCED, FAILED: MAPPING_FAILED, SKIPPED: MAPPING_SKIPPED}


def apply_result(result: dict) -> dict:
	"""Record `result` once; a second report for the same event_id returns the stored outcome unchanged."""
	log = frappe.db.get_value(
		LOG_DOCTYPE,
		{"event_id": result["event_id"]},
		["name", "status", "finished_at", "item", "event_type"],
		as_dict=True,
		for_update=True,
	)
	if not log:
		frappe.throw(
			_("No Wix Integration Log has event id {0}; the result cannot be recorded.").format(
				result["event_id"]
			),
			frappe.DoesNotExistError,
		)
	if log.finished_at:
		return {"log": log.name, "status": log.status}

	secrets = known_secrets()
	finished_at = _system_time(result["finished_at"])
	status = result["status"]
	message = redact(result["message"], secrets)
	frappe.db.set_value(
		LOG_DOCTYPE,
		log.name,
		{
			"status": status,
			"operation": result["operation"],
			"attempts": result["attempts"],
			"duration_ms": result["duration_ms"],
			"finished_at": finished_at,
			"worker_id": result["worker_id"],
			"message": message,
			"error": _json(redact(result["error"], secrets)),
			"request": _json(redact(result["request"], secrets)),
			"response": _json(redact(result["response"], secrets)),
			"wix_product_id": result["wix"]["product_id"],
		},
	)
	if status != SUPERSEDED:
		_update_mapping(result, log.name, finished_at, message)
	if status == SUCCESS:
		supersede_older_failures(log.item, log.name)
	realtime.sync_result(
		{
			"item_code": result["item_code"],
			"status": status,
			"message": message,
			"log": log.name,
			"wix_product_id": result["wix"]["product_id"],
			"product_page_url": result["wix"]["product_page_url"],
			"finished_at": result["finished_at"],
		}
	)
	realtime.health_changed()
	return {"log": log.name, "status": status}


def supersede_older_failures(item_code: str | None, succeeded: str) -> None:
	"""Mark the Item's Failed item events older than the successful row `succeeded` as Superseded.

	The failed list then shows only failures that are still current. Each row keeps its error and
	message, and superseded_by names the row that succeeded.
	"""
	if not item_code:
		return
	frappe.db.sql(
		f"""
		update `tab{LOG_DOCTYPE}` failed
		join `tab{LOG_DOCTYPE}` succeeded on succeeded.name = %(succeeded)s
		set failed.status = %(superseded)s, failed.superseded_by = %(succeeded)s
		where failed.item = %(item)s and failed.status = %(failed)s and failed.event_type in %(types)s
			and failed.creation < succeeded.creation
		""",
		{
			"succeeded": succeeded,
			"superseded": SUPERSEDED,
			"failed": FAILED,
			"item": item_code,
			"types": ITEM_EVENT_TYPES,
		},
	)


def _update_mapping(result: dict, log_name: str, finished_at, message: str) -> None:
	item_code = result["item_code"]
	wix = result["wix"]
	mapping = frappe.db.get_value(
		MAPPING_DOCTYPE, {"item": item_code}, ["name", "last_synced_item_version"], as_dict=True
	)
	if (
		mapping
		and result["item_version"]
		and (mapping.last_synced_item_version or "") > result["item_version"]
	):
		# A newer version of the Item has already been written to Wix; this older result must not win.
		return
	if result["operation"] == "delete" and result["status"] == SUCCESS and not result["dry_run"]:
		if mapping:
			frappe.delete_doc(MAPPING_DOCTYPE, mapping.name, ignore_permissions=True, force=True)
		return

	values = {
		"sync_status": MAPPING_STATUS_BY_RESULT[result["status"]],
		"last_sync": finished_at,
		"last_log": log_name,
		"error_details": _error_text(result) if result["status"] == FAILED else None,
	}
	conflict = _mapped_elsewhere(wix["product_id"], item_code) if result["status"] == SUCCESS else None
	if conflict:
		values["sync_status"] = MAPPING_FAILED
		values["error_details"] = _(
			"Wix product {0} is already mapped to Item {1}. Delete one of the two Wix Item Mappings, or the "
			"duplicate product in Wix, then sync again."
		).format(wix["product_id"], conflict)
		frappe.db.set_value(LOG_DOCTYPE, log_name, "message", f"{message} {values['error_details']}")
	elif result["status"] == SUCCESS and not result["dry_run"]:
		values.update(
			{
				"wix_product_id": wix["product_id"],
				"wix_variant_id": wix["variant_id"],
				"wix_revision": wix["revision"],
				"catalog_version": wix["catalog_version"],
				"product_page_url": wix["product_page_url"],
				"content_hash": wix["content_hash"],
				"last_synced_item_version": result["item_version"],
			}
		)
	if mapping:
		frappe.db.set_value(MAPPING_DOCTYPE, mapping.name, values)
	elif frappe.db.exists("Item", item_code):
		doc = frappe.get_doc({"doctype": MAPPING_DOCTYPE, "item": item_code, **values})
		doc.insert(ignore_permissions=True)
	_update_item_fields(item_code, values)


def _mapped_elsewhere(product_id: str | None, item_code: str) -> str | None:
	"""Return the other Item whose mapping already contains `product_id`, if any."""
	if not product_id:
		return None
	return frappe.db.get_value(
		MAPPING_DOCTYPE, {"wix_product_id": product_id, "item": ["!=", item_code]}, "item"
	)


def _update_item_fields(item_code: str, mapping_values: dict) -> None:
	"""Write the Item's Wix fields directly, so no Item event fires and no new sync is published."""
	if not frappe.db.exists("Item", item_code):
		return
	values = {
		"wix_sync_status": mapping_values["sync_status"],
		"wix_last_sync": mapping_values["last_sync"],
		"wix_sync_error": mapping_values["error_details"],
	}
	if "wix_product_id" in mapping_values:
		values["wix_product_id"] = mapping_values["wix_product_id"]
	assert set(values) <= set(ITEM_CUSTOM_FIELDS)
	frappe.flags[WRITE_BACK_FLAG] = True
	try:
		frappe.db.set_value("Item", item_code, values, update_modified=False)
	finally:
		frappe.flags[WRITE_BACK_FLAG] = False


def _error_text(result: dict) -> str:
	error = result["error"]
	if not error:
		return result["message"]
	field = f" ({error['field']})" if error.get("field") else ""
	status = f" HTTP {error['http_status']}" if error.get("http_status") else ""
	return redact(f"{error['code']}{status}{field}: {error['message']}", known_secrets())


def _json(value) -> str | None:
	return None if value is None else json.dumps(value, ensure_ascii=False, indent=1)


def _system_time(timestamp: str) -> datetime:
	"""Convert a contract timestamp to the naive system-timezone datetime that Frappe stores."""
	moment = isoparse(timestamp)
	return moment.astimezone(ZoneInfo(get_system_timezone())).replace(tzinfo=None)
