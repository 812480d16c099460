"""Admin endpoints need Wix Manager or System Manager; worker endpoints need the integration user."""

import frappe

from wix_integration.api import admin, worker
from wix_integration.constants import LOG_DOCTYPE, MAPPING_DOCTYPE, SETTINGS_DOCTYPE
from wix_integration.tests import helpers
from wix_integration.tests.base import WixTestCase

ADMIN_CALLS = {
	"health": lambda: admin.health(),
	"get_settings": lambda: admin.get_settings(),
	"save_settings": lambda: admin.save_settings(settings={"log_level": "debug"}),
	"trigger_sync": lambda: admin.trigger_sync(item_code="_Test Wix none"),
	"bulk_sync": lambda: admin.bulk_sync(filters={}),
	"retry": lambda: admin.retry(log_names=["none"]),
	"test_connection": lambda: admin.test_connection(),
}
WORKER_CALLS = {
	"get_config": lambda: worker.get_config(),
	"report_result": lambda: worker.report_result(result={}),
	"heartbeat": lambda: worker.heartbeat(heartbeat={}),
}


class TestAdminPermissions(WixTestCase):
	def test_plain_user_gets_403(self):
		frappe.set_user(helpers.PLAIN_USER)
		for name, call in ADMIN_CALLS.items():
			with self.subTest(endpoint=name), self.assertRaises(frappe.PermissionError):
				call()
		self.assertEqual(frappe.PermissionError.http_status_code, 403)

	def test_integration_user_gets_403(self):
		frappe.set_user(helpers.INTEGRATION_USER)
		for name, call in ADMIN_CALLS.items():
			with self.subTest(endpoint=name), self.assertRaises(frappe.PermissionError):
				call()

	def test_manager_reads_health(self):
		frappe.set_user(helpers.MANAGER_USER)
		health = admin.health()
		self.assertTrue(health["enabled"])
		self.assertEqual(len(health["hourly"]), 24)
		self.assertIn("reachable", health["broker"])

	def test_plain_user_cannot_read_doctypes(self):
		for doctype in (SETTINGS_DOCTYPE, LOG_DOCTYPE, MAPPING_DOCTYPE):
			with self.subTest(doctype=doctype):
				self.assertFalse(frappe.has_permission(doctype, "read", user=helpers.PLAIN_USER))
				self.assertFalse(frappe.has_permission(doctype, "read", user=helpers.INTEGRATION_USER))
				self.assertTrue(frappe.has_permission(doctype, "read", user=helpers.MANAGER_USER))


class TestWorkerPermissions(WixTestCase):
	def test_manager_gets_403(self):
		frappe.set_user(helpers.MANAGER_USER)
		for name, call in WORKER_CALLS.items():
			with self.subTest(endpoint=name), self.assertRaises(frappe.PermissionError):
				call()

	def test_administrator_gets_403(self):
		for name, call in WORKER_CALLS.items():
			with self.subTest(endpoint=name), self.assertRaises(frappe.PermissionError):
				call()

	def test_integration_user_gets_config(self):
		frappe.set_user(helpers.INTEGRATION_USER)
		config = worker.get_config()
		self.assertEqual(config["api_key"], helpers.TEST_API_KEY)
		self.assertEqual(config["site_id"], helpers.TEST_SITE_ID)
		self.assertEqual(config["request_timeout_ms"], 30000)
