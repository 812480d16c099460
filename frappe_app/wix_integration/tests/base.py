"""Base class for the app's bench tests."""

from unittest.mock import patch

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import now_datetime

from wix_integration import outbox, published_marks
from wix_integration.tests import helpers


class WixTestCase(FrappeTestCase):
	"""Enable Wix sync with test credentials for each test and delete what the test created."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.started_at = now_datetime()
		cls.saved_settings = frappe.db.get_singles_dict("Wix Settings")
		helpers.ensure_test_users()
		frappe.db.commit()

	@classmethod
	def tearDownClass(cls):
		helpers.cleanup(cls.started_at)
		for field in (
			"enabled",
			"auto_sync",
			"site_id",
			"item_group",
			"public_base_url",
			"webhook_public_key",
			"sales_items_only",
			"catalog_version",
			"log_level",
			"retry_attempts",
		):
			frappe.db.set_single_value("Wix Settings", field, cls.saved_settings.get(field))
		frappe.db.commit()
		super().tearDownClass()

	def setUp(self):
		frappe.set_user("Administrator")
		frappe.local.conf.pop("wix_amqp_url", None)
		outbox._forget_transaction()
		helpers.configure_settings()
		# Saves note their publishes only while a scheduler runs. The test site runs none, and the tests
		# run its job themselves.
		self.scheduler = patch.object(published_marks, "scheduler_inactive", return_value=False)
		self.scheduler.start()

	def tearDown(self):
		self.scheduler.stop()
		frappe.set_user("Administrator")
		frappe.local.conf.pop("wix_amqp_url", None)
