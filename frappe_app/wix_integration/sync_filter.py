"""Decide whether an Item change becomes a Wix event, following the filters in Wix Settings."""

import frappe
from frappe import _

from wix_integration.constants import ITEM_SYNC_ENABLED_FIELD, MAPPING_DOCTYPE

# Set on a document, or on frappe.flags for a whole request, by code that writes back what the worker
# reported, so that the write does not publish another event.
WRITE_BACK_FLAG = "wix_write_back"


def in_bulk_operation() -> bool:
	"""Return True during data import, migrate, install, uninstall, patches and the setup wizard."""
	flags = frappe.flags
	return bool(
		flags.in_import
		or flags.in_migrate
		or flags.in_install
		or flags.in_uninstall
		or flags.in_patch
		or flags.in_setup_wizard
		or frappe.local.flags.in_install
	)


def is_write_back(doc) -> bool:
	return bool(doc.flags.get(WRITE_BACK_FLAG) or frappe.flags.get(WRITE_BACK_FLAG))


def auto_sync_active(settings) -> bool:
	return bool(settings.enabled and settings.auto_sync)


def item_skip_reason(item, settings) -> str | None:
	"""Return why the filters in Wix Settings keep `item` out of Wix, or None when it syncs."""
	if item.get(ITEM_SYNC_ENABLED_FIELD) in (0, "0", False):
		return _("Item {0} has Sync to Wix cleared.").format(item.name)
	if item.get("has_variants"):
		return _("Item {0} is a template with variants; variants are not synced yet.").format(item.name)
	if settings.sales_items_only and not item.is_sales_item:
		return _("Item {0} is not a sales item, and Wix Settings syncs sales items only.").format(item.name)
	if settings.item_group and not in_item_group(item.item_group, settings.item_group):
		return _("Item {0} is in Item Group {1}, outside the Item Group {2} set in Wix Settings.").format(
			item.name, item.item_group, settings.item_group
		)
	if settings.skip_disabled_items and item.disabled and not has_wix_product(item.name):
		return _("Item {0} is disabled and not in Wix yet, and Wix Settings skips disabled items.").format(
			item.name
		)
	return None


def in_item_group(item_group: str | None, root: str) -> bool:
	"""Return True when `item_group` is `root` or one of its subgroups."""
	if not item_group:
		return False
	if item_group == root:
		return True
	bounds = frappe.db.get_value("Item Group", root, ["lft", "rgt"], as_dict=True)
	group = frappe.db.get_value("Item Group", item_group, ["lft", "rgt"], as_dict=True)
	return bool(bounds and group and bounds.lft <= group.lft and group.rgt <= bounds.rgt)


def has_wix_product(item_code: str) -> bool:
	return bool(frappe.db.get_value(MAPPING_DOCTYPE, {"item": item_code}, "wix_product_id"))
