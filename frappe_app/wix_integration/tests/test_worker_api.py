"""report_result and heartbeat from the integration user."""

import json

import frappe

from wix_integration import outbox
from wix_integration.api import admin, worker
from wix_integration.constants import LOG_DOCTYPE, MAPPING_DOCTYPE
from wix_integration.tests import helpers
from wix_integration.tests.base import WixTestCase
from wix_integration.tests.helpers import log_rows, make_item, sync_result


class TestReportResult(WixTestCase):
	def report(self, result: dict) -> dict:
		frappe.set_user(helpers.INTEGRATION_USER)
		try:
			return worker.report_result(result=result)
		finally:
			frappe.set_user("Administrator")

	def test_success_updates_mapping_and_item(self):
		item = make_item()
		[row] = log_rows(item.name)
		modified = frappe.db.get_value("Item", item.name, "modified")
		result = sync_result(row)
		outcome = self.report(result)
		self.assertEqual(outcome, {"log": row.name, "status": "Success"})
		mapping = frappe.get_doc(MAPPING_DOCTYPE, {"item": item.name})
		self.assertEqual(mapping.sync_status, "Synced")
		self.assertEqual(mapping.wix_product_id, result["wix"]["product_id"])
		self.assertEqual(mapping.last_synced_item_version, result["item_version"])
		values = frappe.db.get_value(
			"Item", item.name, ["wix_product_id", "wix_sync_status", "modified"], as_dict=True
		)
		self.assertEqual(values.wix_product_id, result["wix"]["product_id"])
		self.assertEqual(values.wix_sync_status, "Synced")
		self.assertEqual(values.modified, modified)

	def test_write_back_publishes_nothing(self):
		item = make_item()
		[row] = log_rows(item.name)
		self.report(sync_result(row))
		self.assertEqual(len(log_rows(item.name)), 1)

	def test_second_report_is_idempotent(self):
		item = make_item()
		[row] = log_rows(item.name)
		first = sync_result(row)
		self.report(first)
		second = sync_result(row, status="Failed", message="late duplicate")
		self.assertEqual(self.report(second), {"log": row.name, "status": "Success"})
		self.assertEqual(frappe.db.get_value(LOG_DOCTYPE, row.name, "message"), "Created the Wix product")

	def test_failure_is_recorded_with_reason(self):
		item = make_item()
		[row] = log_rows(item.name)
		error = {
			"code": "SKU_ALREADY_EXIST_ERROR",
			"message": "SKU exists",
			"permanent": True,
			"field": "sku",
			"http_status": 409,
		}
		self.report(sync_result(row, status="Failed", message="Wix rejected the SKU", error=error))
		mapping = frappe.db.get_value(
			MAPPING_DOCTYPE, {"item": item.name}, ["sync_status", "error_details"], as_dict=True
		)
		self.assertEqual(mapping.sync_status, "Failed")
		self.assertIn("SKU_ALREADY_EXIST_ERROR", mapping.error_details)
		self.assertEqual(frappe.db.get_value("Item", item.name, "wix_sync_status"), "Failed")

	def test_failed_row_can_be_retried(self):
		item = make_item()
		[row] = log_rows(item.name)
		self.report(sync_result(row, status="Failed", message="timeout"))
		outcome = admin.retry(log_names=[row.name, row.name, "missing-log"])
		self.assertEqual(outcome["retried"], 1)
		self.assertEqual(outcome["skipped"][0]["log"], "missing-log")
		rows = log_rows(item.name)
		self.assertEqual(len(rows), 2)
		self.assertEqual(rows[1].trigger, "retry")
		again = admin.retry(log_names=[row.name])
		self.assertEqual(again["retried"], 0)
		self.assertIn("Already retried", again["skipped"][0]["reason"])

	def test_success_supersedes_older_failure(self):
		item = make_item()
		[failed] = log_rows(item.name)
		self.report(sync_result(failed, status="Failed", message="timeout"))
		outbox._forget_transaction()
		admin.retry(log_names=[failed.name])
		retried = log_rows(item.name)[1]
		self.report(sync_result(retried))
		values = frappe.db.get_value(
			LOG_DOCTYPE, failed.name, ["status", "superseded_by", "message"], as_dict=True
		)
		self.assertEqual(values.status, "Superseded")
		self.assertEqual(values.superseded_by, retried.name)
		self.assertEqual(values.message, "timeout")

	def test_success_keeps_newer_failure(self):
		item = make_item()
		[older] = log_rows(item.name)
		outbox._forget_transaction()
		item.reload()
		item.description = "<p>Newer</p>"
		item.save()
		newer = log_rows(item.name)[1]
		self.report(sync_result(newer, status="Failed", message="Wix timed out"))
		frappe.db.set_value(LOG_DOCTYPE, older.name, "status", "Published")
		self.report(sync_result(older))
		self.assertEqual(frappe.db.get_value(LOG_DOCTYPE, newer.name, "status"), "Failed")

	def test_older_result_does_not_win(self):
		item = make_item()
		[old] = log_rows(item.name)
		item.reload()
		item.description = "<p>Newer</p>"
		item.save()
		newer = log_rows(item.name)[-1]
		self.report(sync_result(newer, message="newer"))
		self.report(sync_result(old, message="older"))
		mapping = frappe.db.get_value(MAPPING_DOCTYPE, {"item": item.name}, "last_synced_item_version")
		self.assertEqual(mapping, json.loads(newer.payload)["item"]["item_version"])

	def test_secret_not_stored(self):
		item = make_item()
		[row] = log_rows(item.name)
		result = sync_result(row, message=f"Wix said key {helpers.TEST_API_KEY} is fine")
		self.report(result)
		stored = frappe.db.get_value(LOG_DOCTYPE, row.name, ["message", "request", "error"], as_dict=True)
		for field, value in stored.items():
			self.assertNotIn(helpers.TEST_API_KEY, value or "", field)
		self.assertIn("[REDACTED]", stored.request)

	def test_invalid_result_is_rejected(self):
		with self.assertRaises(frappe.ValidationError):
			self.report({"schema_version": 1, "type": "sync.result"})

	def test_unknown_event_is_not_found(self):
		item = make_item()
		[row] = log_rows(item.name)
		result = sync_result(row, event_id="00000000-0000-4000-8000-000000000000")
		with self.assertRaises(frappe.DoesNotExistError):
			self.report(result)


class TestHeartbeat(WixTestCase):
	def test_heartbeat_makes_worker_alive(self):
		from wix_integration import events

		beat = {
			"schema_version": 1,
			"type": "worker.heartbeat",
			"worker_id": "bench-test-worker",
			"hostname": "host",
			"pid": 4242,
			"version": "0.1.0",
			"started_at": events.utc_timestamp(),
			"sent_at": events.utc_timestamp(),
			"catalog_version": "V3",
			"stats": {"processed": 1, "failed": 0, "retried": 0, "in_flight": 0},
		}
		frappe.set_user(helpers.INTEGRATION_USER)
		self.assertEqual(worker.heartbeat(heartbeat=beat), {"ok": True})
		frappe.set_user("Administrator")
		health = admin.health()
		self.assertTrue(health["worker"]["alive"])
		self.assertEqual(health["worker"]["worker_id"], "bench-test-worker")
		self.assertEqual(frappe.db.get_single_value("Wix Settings", "catalog_version"), "V3")


class TestProductConflict(WixTestCase):
	def test_product_mapped_elsewhere_fails_clearly(self):
		first = make_item()
		second = make_item()
		[first_row] = log_rows(first.name)
		[second_row] = log_rows(second.name)
		frappe.set_user(helpers.INTEGRATION_USER)
		adopted = sync_result(first_row)
		worker.report_result(result=adopted)
		duplicate = sync_result(second_row, wix={**adopted["wix"]}, operation="adopt")
		outcome = worker.report_result(result=duplicate)
		frappe.set_user("Administrator")
		self.assertEqual(outcome["status"], "Success")
		mapping = frappe.db.get_value(
			MAPPING_DOCTYPE,
			{"item": second.name},
			["sync_status", "wix_product_id", "error_details"],
			as_dict=True,
		)
		self.assertEqual(mapping.sync_status, "Failed")
		self.assertIsNone(mapping.wix_product_id)
		self.assertIn(first.name, mapping.error_details)
		self.assertIn(first.name, frappe.db.get_value("Item", second.name, "wix_sync_error"))
