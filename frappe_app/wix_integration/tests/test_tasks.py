"""Scheduler jobs and bulk sync: stuck rows are requeued, old rows purged, bulk events recorded."""

import frappe
from frappe.utils import add_to_date, now_datetime

from wix_integration import bulk, outbox, tasks
from wix_integration.constants import LOG_DOCTYPE
from wix_integration.tests import helpers
from wix_integration.tests.base import WixTestCase
from wix_integration.tests.helpers import log_rows, make_item


class TestRepublishOutbox(WixTestCase):
	def test_requeues_stuck_published_row(self):
		item = make_item()
		# The Item was saved in an earlier request, whose publish is not part of this test.
		outbox._forget_transaction()
		[row] = log_rows(item.name)
		frappe.db.set_value(
			LOG_DOCTYPE,
			row.name,
			{
				"status": "Published",
				"published_at": add_to_date(now_datetime(), hours=-2),
				"publish_attempts": 1,
			},
		)
		received = helpers.republished_messages(item.name)
		self.assertEqual([m["event_id"] for m in received], [row.event_id])
		self.assertEqual(frappe.db.get_value(LOG_DOCTYPE, row.name, "status"), "Published")

	def test_leaves_recent_published_row(self):
		item = make_item()
		outbox._publish_after_commit()
		outbox.flush_published_marks()
		[row] = log_rows(item.name)
		self.assertEqual(row.status, "Published")
		self.assertEqual(outbox.reclaim_stuck(30), [])
		self.assertEqual(frappe.db.get_value(LOG_DOCTYPE, row.name, "status"), "Published")


class TestPurgeOldLogs(WixTestCase):
	def test_keeps_failed_and_recent_rows(self):
		item = make_item()
		[success] = log_rows(item.name)
		failed = outbox.insert_skipped_log(item.name, "manual", "test row")
		recent = outbox.insert_skipped_log(item.name, "manual", "recent row")
		old = add_to_date(now_datetime(), days=-400)
		frappe.db.set_value(
			LOG_DOCTYPE, success.name, {"status": "Success", "modified": old}, update_modified=False
		)
		frappe.db.set_value(LOG_DOCTYPE, failed, {"status": "Failed", "modified": old}, update_modified=False)
		tasks.purge_old_logs()
		self.assertFalse(frappe.db.exists(LOG_DOCTYPE, success.name))
		self.assertTrue(frappe.db.exists(LOG_DOCTYPE, failed))
		self.assertTrue(frappe.db.exists(LOG_DOCTYPE, recent))


class TestBulkSync(WixTestCase):
	def test_selects_group_and_records_events(self):
		inside = [make_item(item_group="Raw Material") for _ in range(3)]
		outside = make_item()
		not_for_sale = make_item(item_group="Raw Material", is_sales_item=0)
		outbox._forget_transaction()
		codes = [
			code
			for code in bulk.matching_items({"item_group": "Raw Material"})
			if code.startswith(helpers.TEST_ITEM_PREFIX)
		]
		self.assertEqual(sorted(codes), sorted(item.name for item in inside))
		self.assertNotIn(outside.name, codes)
		self.assertNotIn(not_for_sale.name, codes)
		bulk.run_bulk_sync("bench-test-job", codes)
		for item in inside:
			rows = log_rows(item.name)
			self.assertEqual([row.trigger for row in rows], ["auto", "bulk"], item.name)

	def test_rejects_unknown_filter(self):
		with self.assertRaises(frappe.ValidationError):
			bulk.validate_filters({"colour": "red"})
