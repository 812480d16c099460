"""Custom fields and roles from after_install and after_migrate, and their removal before uninstall."""

import frappe

from wix_integration import install, published_marks
from wix_integration.constants import (
	INTEGRATION_ROLE,
	ITEM_CUSTOM_FIELDS,
	LOG_DOCTYPE,
	MANAGER_ROLE,
	SALES_ORDER_CUSTOM_FIELDS,
	SETTINGS_DOCTYPE,
)
from wix_integration.tests.base import WixTestCase


def custom_field_names(doctype: str) -> set[str]:
	return set(
		frappe.get_all(
			"Custom Field", filters={"dt": doctype, "fieldname": ["like", "wix_%"]}, pluck="fieldname"
		)
	)


class TestInstall(WixTestCase):
	def test_custom_fields_exist(self):
		self.assertEqual(custom_field_names("Item"), set(ITEM_CUSTOM_FIELDS))
		self.assertEqual(custom_field_names("Sales Order"), set(SALES_ORDER_CUSTOM_FIELDS))
		self.assertTrue(frappe.get_meta("Item").has_field("wix_sync_enabled"))

	def test_after_migrate_is_idempotent(self):
		before = frappe.db.count("Custom Field", {"fieldname": ["like", "wix_%"]})
		install.after_migrate()
		install.after_migrate()
		self.assertEqual(frappe.db.count("Custom Field", {"fieldname": ["like", "wix_%"]}), before)

	def test_only_manager_role_has_desk_access(self):
		self.assertEqual(frappe.db.get_value("Role", MANAGER_ROLE, "desk_access"), 1)
		self.assertEqual(frappe.db.get_value("Role", INTEGRATION_ROLE, "desk_access"), 0)

	def test_uninstall_removes_fields_and_notes(self):
		# The notes' key survives the frappe.clear_cache() of uninstall, and nothing reads it afterwards.
		self.assertTrue(published_marks.note(["uninstall-probe"]))
		try:
			install.before_uninstall()
			self.assertEqual(custom_field_names("Item"), set())
			self.assertEqual(custom_field_names("Sales Order"), set())
			self.assertFalse(frappe.get_meta("Item").has_field("wix_product_id"))
			self.assertNotIn("uninstall-probe", published_marks.noted())
		finally:
			install.after_install()
		self.assertEqual(custom_field_names("Item"), set(ITEM_CUSTOM_FIELDS))

	def test_install_records_no_settings_event(self):
		# Install saves the new Wix Settings with every field changed, before anything is configured,
		# and the worker, if one runs, has nothing to reload.
		settings_rows = {"event_type": "settings.changed"}
		before = frappe.db.count(LOG_DOCTYPE, settings_rows)
		doc = frappe.get_single(SETTINGS_DOCTYPE)
		doc.log_level = "warn" if doc.log_level == "debug" else "debug"
		frappe.flags.in_install = "wix_integration"
		try:
			doc.save()
			after = frappe.db.count(LOG_DOCTYPE, settings_rows)
		finally:
			frappe.flags.in_install = None
			frappe.db.rollback()
		self.assertEqual(after, before)

	def test_workspace_links_app(self):
		workspace = frappe.get_doc("Workspace", "Wix")
		links = {link.link_to for link in workspace.links}
		self.assertTrue(
			{"Wix Settings", "Wix Integration Log", "Wix Item Mapping", "wix-integration"} <= links
		)
