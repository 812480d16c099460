"""Wix Settings validation, the settings API and the test-connection checks."""

import frappe

from wix_integration.api import admin
from wix_integration.constants import LOG_DOCTYPE
from wix_integration.tests import helpers
from wix_integration.tests.base import WixTestCase


class TestSettingsApi(WixTestCase):
	def test_get_settings_hides_api_key(self):
		values = admin.get_settings()
		self.assertNotIn("api_key", values)
		self.assertTrue(values["api_key_set"])
		self.assertNotIn(helpers.TEST_API_KEY, frappe.as_json(values))
		self.assertTrue(values["webhook_url"].endswith("/api/method/wix_integration.api.webhook.receive"))

	def test_save_reports_field_errors(self):
		outcome = admin.save_settings(
			settings={"site_id": "not-a-site", "public_base_url": "http://shop.example.com"}
		)
		self.assertFalse(outcome["ok"])
		fields = {error["field"] for error in outcome["errors"]}
		self.assertEqual(fields, {"site_id", "public_base_url"})
		self.assertIn("not-a-site", next(e["message"] for e in outcome["errors"] if e["field"] == "site_id"))

	def test_save_rejects_unknown_field(self):
		outcome = admin.save_settings(settings={"catalog_version": "V1"})
		self.assertFalse(outcome["ok"])
		self.assertEqual(outcome["errors"][0]["field"], "catalog_version")

	def test_save_keeps_key_and_announces_change(self):
		# Pick a value other than the stored one, because only a change is announced.
		current = frappe.db.get_single_value("Wix Settings", "log_level")
		outcome = admin.save_settings(settings={"log_level": "warn" if current == "debug" else "debug"})
		self.assertEqual(outcome, {"ok": True})
		from wix_integration.settings import api_key

		self.assertEqual(api_key(), helpers.TEST_API_KEY)
		row = frappe.get_all(
			LOG_DOCTYPE,
			filters={"event_type": "settings.changed"},
			fields=["payload"],
			order_by="creation desc",
			limit=1,
		)[0]
		self.assertIn("log_level", row.payload)
		self.assertNotIn(helpers.TEST_API_KEY, row.payload)

	def test_new_key_is_stored_encrypted(self):
		admin.save_settings(settings={"api_key": "IST.replacement-key-0123456789"})
		from wix_integration.settings import api_key

		self.assertEqual(api_key(), "IST.replacement-key-0123456789")
		self.assertNotEqual(
			frappe.db.get_single_value("Wix Settings", "api_key"), "IST.replacement-key-0123456789"
		)

	def test_rejects_bad_public_key(self):
		outcome = admin.save_settings(settings={"webhook_public_key": "not a key"})
		self.assertEqual(outcome["errors"][0]["field"], "webhook_public_key")


class TestConnectionCheck(WixTestCase):
	def test_reports_unreachable_broker(self):
		frappe.local.conf["wix_amqp_url"] = helpers.closed_amqp_url()
		outcome = admin.test_connection()
		checks = {check["name"]: check for check in outcome["checks"]}
		self.assertFalse(outcome["ok"])
		self.assertEqual(list(checks), ["broker", "worker", "config", "wix_auth", "catalog_version"])
		self.assertFalse(checks["broker"]["ok"])
		self.assertIn("Cannot reach RabbitMQ", checks["broker"]["message"])
		self.assertTrue(checks["config"]["ok"])
		self.assertIn("did not answer", checks["wix_auth"]["message"])

	def test_reports_worker_not_running(self):
		frappe.local.conf["wix_connection_test_timeout_ms"] = 300
		frappe.local.conf["wix_connection_test_queue"] = (
			f"test.wix_integration.absent.{frappe.generate_hash(length=8)}"
		)
		try:
			outcome = admin.test_connection()
		finally:
			frappe.local.conf.pop("wix_connection_test_timeout_ms")
			frappe.local.conf.pop("wix_connection_test_queue")
		checks = {check["name"]: check for check in outcome["checks"]}
		self.assertTrue(checks["broker"]["ok"])
		self.assertFalse(checks["worker"]["ok"])
		self.assertTrue(checks["worker"]["message"].startswith("Worker not running"))


class TestNoSecretInResponses(WixTestCase):
	def test_admin_responses_hide_api_key(self):
		frappe.local.conf["wix_amqp_url"] = helpers.closed_amqp_url()
		frappe.set_user(helpers.MANAGER_USER)
		responses = {
			"health": admin.health(),
			"get_settings": admin.get_settings(),
			"save_settings": admin.save_settings(settings={"site_id": helpers.TEST_API_KEY}),
			"test_connection": admin.test_connection(),
		}
		for name, response in responses.items():
			with self.subTest(endpoint=name):
				self.assertNotIn(helpers.TEST_API_KEY, frappe.as_json(response))
		self.assertFalse(responses["save_settings"]["ok"])

	def test_log_table_holds_no_api_key(self):
		rows = frappe.db.sql(
			"select name from `tabWix Integration Log` where concat_ws(' ', message, error, request, response, payload, publish_error) like %s",
			f"%{helpers.TEST_API_KEY}%",
		)
		self.assertEqual(rows, ())
