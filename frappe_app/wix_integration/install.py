"""Install, migrate and uninstall hooks: roles and the custom fields on Item and Sales Order."""

import frappe
from frappe import _
from frappe.custom.doctype.custom_field.custom_field import create_custom_fields

from wix_integration import published_marks
from wix_integration.constants import (
	INTEGRATION_ROLE,
	ITEM_CUSTOM_FIELDS,
	ITEM_SYNC_ENABLED_FIELD,
	MANAGER_ROLE,
	SALES_ORDER_CUSTOM_FIELDS,
	SETTINGS_DOCTYPE,
)

MAPPING_STATUSES = "\nPending\nSynced\nFailed\nDeleted in Wix\nSkipped"


def custom_fields() -> dict[str, list[dict]]:
	"""Return the custom fields by DocType; the fieldnames match constants.ITEM_CUSTOM_FIELDS and friends."""
	read_only = {"read_only": 1, "no_copy": 1}
	item = [
		{
			"fieldname": "wix_tab",
			"fieldtype": "Tab Break",
			"label": _("Wix"),
			"insert_after": "total_projected_qty",
		},
		{
			"fieldname": ITEM_SYNC_ENABLED_FIELD,
			"fieldtype": "Check",
			"label": _("Sync to Wix"),
			"default": "1",
			"insert_after": "wix_tab",
			"description": _("Clear to keep this item out of Wix."),
		},
		{
			"fieldname": "wix_sync_status",
			"fieldtype": "Select",
			"label": _("Wix Sync Status"),
			"options": MAPPING_STATUSES,
			"insert_after": ITEM_SYNC_ENABLED_FIELD,
			"in_standard_filter": 1,
			**read_only,
		},
		{
			"fieldname": "wix_last_sync",
			"fieldtype": "Datetime",
			"label": _("Last Wix Sync"),
			"insert_after": "wix_sync_status",
			**read_only,
		},
		{"fieldname": "wix_column_break", "fieldtype": "Column Break", "insert_after": "wix_last_sync"},
		{
			"fieldname": "wix_product_id",
			"fieldtype": "Data",
			"label": _("Wix Product ID"),
			"insert_after": "wix_column_break",
			"search_index": 1,
			**read_only,
		},
		{
			"fieldname": "wix_sync_error",
			"fieldtype": "Small Text",
			"label": _("Wix Sync Error"),
			"insert_after": "wix_product_id",
			**read_only,
		},
	]
	sales_order = [
		{
			"fieldname": "wix_order_id",
			"fieldtype": "Data",
			"label": _("Wix Order ID"),
			"insert_after": "po_date",
			"search_index": 1,
			**read_only,
		},
		{
			"fieldname": "wix_order_status",
			"fieldtype": "Data",
			"label": _("Wix Order Status"),
			"insert_after": "wix_order_id",
			**read_only,
		},
	]
	assert tuple(field["fieldname"] for field in item) == ITEM_CUSTOM_FIELDS
	assert tuple(field["fieldname"] for field in sales_order) == SALES_ORDER_CUSTOM_FIELDS
	return {"Item": item, "Sales Order": sales_order}


# Wix Manager needs desk, and the integration user must not get it. Frappe gives every System User the
# automatic Desk User role, and ERPNext grants Desk User read access to Item, User and other DocTypes.
# Without desk, the worker's API key reaches only the app's worker endpoints.
ROLE_DESK_ACCESS = {MANAGER_ROLE: 1, INTEGRATION_ROLE: 0}


def ensure_roles() -> None:
	"""Create the app's roles and set their desk access; an existing role keeps its other settings."""
	for role, desk_access in ROLE_DESK_ACCESS.items():
		if frappe.db.exists("Role", role):
			frappe.db.set_value("Role", role, "desk_access", desk_access)
		else:
			frappe.get_doc({"doctype": "Role", "role_name": role, "desk_access": desk_access}).insert(
				ignore_permissions=True
			)


def default_price_list() -> str | None:
	"""Return the selling price list that ERPNext's Item.add_price puts a new Item's rate in, if it exists.

	That is Selling Settings' default price list, else the one ERPNext's setup wizard creates as
	Standard Selling (under its translated name). A site whose setup wizard has not run has neither.
	"""
	candidates = (
		frappe.db.get_single_value("Selling Settings", "selling_price_list"),
		_("Standard Selling"),
		"Standard Selling",
	)
	for name in candidates:
		if name and frappe.db.exists("Price List", {"name": name, "selling": 1}):
			return name
	return None


def fill_price_list() -> None:
	"""Set Wix Settings' Price List to default_price_list() while it is empty, and leave a chosen one alone.

	The DocType has no default for the field, because Frappe saves a new single with its defaults during
	install, and a default naming a Price List that does not exist yet fails the whole install.
	"""
	if frappe.db.get_single_value(SETTINGS_DOCTYPE, "price_list"):
		return
	price_list = default_price_list()
	if price_list:
		frappe.db.set_single_value(SETTINGS_DOCTYPE, "price_list", price_list)
		frappe.clear_document_cache(SETTINGS_DOCTYPE, SETTINGS_DOCTYPE)


def after_install() -> None:
	ensure_roles()
	create_custom_fields(custom_fields(), update=True)
	fill_price_list()


def after_setup_wizard(args=None) -> None:
	"""Fill in an empty Price List after ERPNext's setup wizard, which creates the selling price list."""
	fill_price_list()


def after_migrate() -> None:
	ensure_roles()
	create_custom_fields(custom_fields(), update=True)


def before_uninstall() -> None:
	"""Delete the custom fields and the Redis notes this app created, leaving ERPNext's DocTypes as they were."""
	# The notes' key is kept by frappe.clear_cache(), and no job of the app empties it after uninstall.
	frappe.cache.delete_value(published_marks.KEY)
	for doctype, fields in custom_fields().items():
		for field in fields:
			name = frappe.db.get_value("Custom Field", {"dt": doctype, "fieldname": field["fieldname"]})
			if name:
				frappe.delete_doc("Custom Field", name, ignore_permissions=True, force=True)
		frappe.clear_cache(doctype=doctype)
