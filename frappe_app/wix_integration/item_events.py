"""Item and Item Price document events that put Wix events into the outbox."""

import frappe
from frappe.model.rename_doc import rename_doc

from wix_integration import outbox
from wix_integration.constants import MAPPING_DOCTYPE
from wix_integration.settings import get_settings
from wix_integration.sync_filter import auto_sync_active, in_bulk_operation, is_write_back, item_skip_reason


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


def on_item_rename(doc, method=None, old=None, new=None, merge=False) -> None:
	"""Rename the Item's Wix Item Mapping and publish the Item under its new code.

	Frappe has already pointed the mapping's `item` Link at the new code. The upsert carries the mapped
	Wix product id, so the worker updates that product's SKU in place, and the product keeps its id
	and page URL. Deleting it and creating a new one would lose both.
	"""
	# NOTE: a merge into an Item that has its own mapping fails in Frappe's Link update, because `item`
	# is unique on Wix Item Mapping. Delete one of the two mappings before merging.
	if old and new and old != new and not merge and frappe.db.exists(MAPPING_DOCTYPE, old):
		rename_doc(
			doctype=MAPPING_DOCTYPE, old=old, new=new, force=True, ignore_permissions=True, show_alert=False
		)
	_enqueue_upsert(doc)


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
