"""Verify, deduplicate, record and publish Wix webhooks, and act on product deletions."""

from typing import NoReturn

import frappe
from frappe import _
from frappe.utils import now_datetime

from wix_integration import contract, events, outbox, realtime
from wix_integration.constants import (
	FAILED,
	LOG_DOCTYPE,
	MAPPING_DELETED_IN_WIX,
	MAPPING_DOCTYPE,
	PRODUCT_DELETED_EVENT_TYPES,
	WIX_WEBHOOK,
)
from wix_integration.settings import get_settings
from wix_integration.sync_filter import WRITE_BACK_FLAG
from wix_integration.webhook_jwt import WebhookRejected, verify_webhook

# At most this many rejected webhooks a minute get a log row. The rest go to the Frappe log only, so a
# flood of forged requests cannot fill the table.
MAX_REJECTION_ROWS_PER_MINUTE = 60


def receive(body: bytes) -> dict:
	"""Process one webhook body; raise frappe.AuthenticationError (HTTP 401) when it is rejected."""
	settings = get_settings()
	try:
		webhook = verify_webhook(body, settings.webhook_public_key or "")
		envelope = events.build_webhook_event(webhook=webhook)
	except WebhookRejected as error:
		reject(error.reason, str(error))
	except contract.ContractError as error:
		reject("malformed", _("webhook does not fit the wix-webhook-event contract: {0}").format(error))
	if frappe.db.exists(LOG_DOCTYPE, {"event_id": envelope["event_id"]}):
		reject("replayed", _("webhook event {0} was already received").format(envelope["event_id"]))

	product_id = envelope["entity_id"] if _is_product_event(envelope["event_type"]) else None
	item = (
		frappe.db.get_value(MAPPING_DOCTYPE, {"wix_product_id": product_id}, "item") if product_id else None
	)
	note = _("Wix webhook {0} received").format(envelope["event_type"])
	if envelope["event_type"] in PRODUCT_DELETED_EVENT_TYPES:
		note = mark_deleted_in_wix(product_id, item)
	try:
		log = outbox.enqueue_webhook_event(envelope, note, item=item, wix_product_id=product_id)
	except (frappe.UniqueValidationError, frappe.DuplicateEntryError):
		frappe.db.rollback()
		reject("replayed", _("webhook event {0} was already received").format(envelope["event_id"]))
	return {"ok": True, "event_id": envelope["event_id"], "log": log}


def _is_product_event(event_type: str) -> bool:
	return event_type.startswith("wix.stores.catalog.v3.product_") or event_type.startswith(
		"com.wix.ecommerce.catalog.api.v1.Product"
	)


def mark_deleted_in_wix(product_id: str | None, item: str | None) -> str:
	"""Set the mapping of a product deleted in Wix to "Deleted in Wix", so the next save recreates it."""
	if not item:
		return _("Wix product {0} was deleted in Wix; no Item is mapped to it.").format(product_id)
	detail = _(
		"Wix product {0} was deleted in Wix at {1}; the next save of Item {2} creates it again."
	).format(product_id, now_datetime(), item)
	frappe.db.set_value(
		MAPPING_DOCTYPE,
		{"item": item},
		{
			"sync_status": MAPPING_DELETED_IN_WIX,
			"wix_product_id": None,
			"wix_revision": None,
			"content_hash": None,
			"error_details": detail,
		},
	)
	frappe.flags[WRITE_BACK_FLAG] = True
	try:
		frappe.db.set_value(
			"Item",
			item,
			{"wix_sync_status": MAPPING_DELETED_IN_WIX, "wix_product_id": None},
			update_modified=False,
		)
	finally:
		frappe.flags[WRITE_BACK_FLAG] = False
	realtime.health_changed()
	return detail


def reject(reason: str, detail: str) -> NoReturn:
	"""Log the rejection, commit it (the error response rolls back) and raise frappe.AuthenticationError."""
	message = _("Wix webhook rejected ({0}): {1}").format(reason, rejection_text(reason, detail))
	frappe.logger("wix_integration").warning(message)
	if _count_rejection() <= MAX_REJECTION_ROWS_PER_MINUTE:
		log = frappe.get_doc(
			{
				"doctype": LOG_DOCTYPE,
				"event_id": events.new_event_id(),
				"event_type": WIX_WEBHOOK,
				"operation": "webhook",
				"trigger": "webhook",
				"status": FAILED,
				"message": message,
				"error": reason,
				"finished_at": now_datetime(),
			}
		)
		log.insert(ignore_permissions=True)
		frappe.db.commit()
	raise frappe.AuthenticationError(message)


def rejection_text(reason: str, detail: str) -> str:
	"""Return the translated explanation for a rejection code; an unknown code keeps `detail`."""
	texts = {
		"bad_signature": lambda: _("the signature does not match the Wix App Public Key in Wix Settings"),
		"expired": lambda: _("the token has expired"),
		"not_yet_valid": lambda: _("the token is not valid yet; check the server clock"),
		"unsupported_algorithm": lambda: _("the token is not signed with RS256"),
		"no_public_key": lambda: _(
			"Wix Settings has no valid Wix App Public Key; paste the Wix app's public key"
		),
		"replayed": lambda: _("this event was already received"),
	}
	build = texts.get(reason)
	return build() if build else detail


def _count_rejection() -> int:
	key = frappe.cache.make_key(f"wix_integration:webhook_rejections:{now_datetime().strftime('%Y%m%d%H%M')}")
	count = frappe.cache.incrby(key, 1)
	frappe.cache.expire(key, 120)
	return int(count)
