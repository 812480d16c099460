"""Item and Item Price document events that put Wix events into the outbox."""

import frappe

from wix_integration import outbox
from wix_integration.settings import get_settings
from wix_integration.sync_filter import auto_sync_active, in_bulk_operation, is_write_back, item_skip_reason


# NOTE: renaming an Item publishes nothing. Its mapping follows the new name through the Link field,
# and the next save sends the new item code, but the Wix product keeps the old SKU until then.
def on_item_insert(doc, method=None) -> None:
	_enqueue_upsert(doc)


def on_item_update(doc, method=None) -> None:
	# An insert also runs on_update, with in_insert set; after_insert has already recorded it.
	if doc.flags.in_insert:
		return
	_enqueue_upsert(doc)


def on_item_trash(doc, method=None) -> None:
	if in_bulk_operation() or is_write_back(doc):
		return
	settings = get_settings()
	if not auto_sync_active(settings):
		return
	outbox.enqueue_item_delete(doc, "auto")


def on_item_price_change(doc, method=None) -> None:
	"""Publish the Item again when a selling price in the price list set in Wix Settings changes."""
	if in_bulk_operation() or is_write_back(doc) or not doc.selling:
		return
	settings = get_settings()
	if not auto_sync_active(settings) or doc.price_list != settings.price_list:
		return
	if not frappe.db.exists("Item", doc.item_code):
		return
	item = frappe.get_doc("Item", doc.item_code)
	if item_skip_reason(item, settings):
		return
	outbox.enqueue_item_upsert(item, "auto", reference=doc)


def _enqueue_upsert(doc) -> None:
	if in_bulk_operation() or is_write_back(doc):
		return
	settings = get_settings()
	if not auto_sync_active(settings) or item_skip_reason(doc, settings):
		return
	outbox.enqueue_item_upsert(doc, "auto")
