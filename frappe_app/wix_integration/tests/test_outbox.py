"""Item changes become exactly one outbox row each and reach RabbitMQ after commit."""

import json
from contextlib import contextmanager

import frappe

from wix_integration import outbox, published_marks
from wix_integration.constants import LOG_DOCTYPE, MAPPING_DOCTYPE
from wix_integration.tests import helpers
from wix_integration.tests.base import WixTestCase
from wix_integration.tests.helpers import RabbitTap, add_item_price, closed_amqp_url, log_rows, make_item


def publish_transaction() -> None:
	"""Run what the outbox registered for COMMIT, without committing the test's transaction."""
	outbox._publish_after_commit()


@contextmanager
def redis_refuses_notes():
	"""Make the Redis note of a confirmed publish fail, as when the cache server is down."""

	def refuse(*args):
		raise ConnectionError("Redis is down")

	original = frappe.cache.register_script
	frappe.cache.register_script = refuse
	try:
		yield
	finally:
		frappe.cache.register_script = original


@contextmanager
def publisher_without_queues():
	"""Publish through a fresh exchange with no queue bound, as when no worker has ever run."""
	from wix_integration.amqp_publisher import AmqpPublisher

	publisher = AmqpPublisher(
		helpers.amqp_url(), f"test.wix_integration.unbound.{frappe.generate_hash(length=8)}"
	)
	original = outbox.publisher
	outbox.publisher = lambda: publisher
	try:
		yield
	finally:
		outbox.publisher = original
		publisher._open_channel().exchange_delete(publisher.exchange)
		publisher.close()


class TestItemEvents(WixTestCase):
	def test_insert_records_one_event(self):
		# standard_rate makes ERPNext add an Item Price in the same transaction, a third trigger.
		item = make_item(standard_rate=12.5)
		rows = log_rows(item.name)
		self.assertEqual(len(rows), 1)
		self.assertEqual(rows[0].status, "Queued")
		self.assertIsNone(rows[0].published_at)
		self.assertEqual(rows[0].event_type, "item.upsert")
		payload = json.loads(rows[0].payload)
		self.assertEqual(payload["item"]["item_code"], item.name)
		self.assertEqual(payload["item"]["price"]["amount"], "12.5")
		self.assertEqual(payload["item"]["price"]["source"], "price_list")

	def test_insert_publishes_one_message(self):
		with RabbitTap("item.upsert.*") as tap:
			item = make_item(standard_rate=3)
			publish_transaction()
			received = tap.item_messages(item.name)
		self.assertEqual(len(received), 1)
		[row] = log_rows(item.name)
		self.assertEqual(received[0]["event_id"], row.event_id)
		# The save pays no second COMMIT: the confirmed publish is noted, and the scheduler writes it.
		self.assertEqual(row.status, "Queued")
		self.assertIn(row.name, published_marks.noted())
		self.assertIn(row.name, outbox.flush_published_marks())
		[row] = log_rows(item.name)
		self.assertEqual(row.status, "Published")
		self.assertEqual(row.publish_attempts, 1)
		self.assertIsNotNone(row.published_at)
		self.assertNotIn(row.name, published_marks.noted())

	def test_commit_notes_publish_for_the_scheduler(self):
		with RabbitTap("item.upsert.*") as tap:
			item = make_item()
			frappe.db.commit()
			received = tap.item_messages(item.name)
		self.assertEqual(len(received), 1)
		# A rollback after the callback must not undo the row: it was committed with the Item.
		frappe.db.rollback()
		[row] = log_rows(item.name)
		self.assertEqual(row.status, "Queued")
		resent = helpers.republished_messages(item.name)
		# The scheduler writes the note before it republishes, so the confirmed message is not sent again.
		self.assertEqual(resent, [])
		self.assertEqual(log_rows(item.name)[0].status, "Published")

	def test_redis_failure_marks_at_once(self):
		item = make_item()
		with redis_refuses_notes():
			publish_transaction()
		[row] = log_rows(item.name)
		self.assertEqual(row.status, "Published")
		self.assertNotIn(row.name, published_marks.noted())
		self.assertIsNone(getattr(frappe.local, "wix_outbox", None))

	def test_commit_in_callback_keeps_other_callbacks(self):
		ran = []
		item = make_item()
		frappe.db.after_commit.add(lambda: ran.append("after"))
		# Without the Redis note the callback marks the row itself, with a COMMIT inside the callbacks.
		with redis_refuses_notes():
			frappe.db.commit()
		self.assertEqual(ran, ["after"])
		# The next transaction registers its own callback again.
		item.reload()
		item.description = "<p>Second transaction</p>"
		item.save()
		self.assertIn(outbox._publish_after_commit, list(frappe.db.after_commit._functions))
		with redis_refuses_notes():
			frappe.db.commit()
		# The first message was Published and not started, so the second event superseded it.
		self.assertEqual([row.status for row in log_rows(item.name)], ["Superseded", "Published"])

	def test_result_before_published_update_wins(self):
		item = make_item()
		state = frappe.local.wix_outbox
		[row] = log_rows(item.name)
		frappe.set_user(helpers.INTEGRATION_USER)
		try:
			from wix_integration.api import worker

			worker.report_result(result=helpers.sync_result(row))
		finally:
			frappe.set_user("Administrator")
		frappe.local.wix_outbox = state
		publish_transaction()
		[row] = log_rows(item.name)
		self.assertEqual(row.status, "Success")

	def test_unpublished_row_is_republished(self):
		item = make_item()
		# The process died after COMMIT, so the after-commit publish never ran.
		outbox._forget_transaction()
		frappe.db.commit()
		[row] = log_rows(item.name)
		self.assertEqual(row.status, "Queued")
		helpers.backdate(row.name)
		received = helpers.republished_messages(item.name)
		self.assertEqual([m["event_id"] for m in received], [row.event_id])
		self.assertEqual(log_rows(item.name)[0].status, "Published")

	def test_row_has_document_fields(self):
		item = make_item(standard_rate=5)
		[row] = log_rows(item.name)
		doc = frappe.get_doc(LOG_DOCTYPE, row.name)
		self.assertEqual(doc.owner, "Administrator")
		self.assertEqual(doc.docstatus, 0)
		self.assertEqual(doc.operation, "upsert")
		self.assertEqual(doc.trigger, "auto")
		self.assertEqual(doc.routing_key.split(".")[:2], ["item", "upsert"])
		self.assertIsNotNone(doc.creation)
		self.assertEqual(doc.message, "Queued for the worker")

	def test_update_supersedes_unpublished_event(self):
		item = make_item()
		outbox._forget_transaction()
		item.reload()
		item.description = "<p>Changed</p>"
		item.save()
		first, second = log_rows(item.name)
		self.assertEqual(first.status, "Superseded")
		self.assertEqual(first.superseded_by, second.name)
		self.assertEqual(second.status, "Queued")
		self.assertIn("Changed", second.payload)

	def test_write_back_flag_records_nothing(self):
		item = make_item()
		outbox._forget_transaction()
		item.reload()
		item.flags.wix_write_back = True
		item.description = "<p>Worker</p>"
		item.save()
		self.assertEqual(len(log_rows(item.name)), 1)

	def test_import_records_nothing(self):
		frappe.flags.in_import = True
		try:
			item = make_item()
		finally:
			frappe.flags.in_import = False
		self.assertEqual(log_rows(item.name), [])

	def test_disabled_sync_records_nothing(self):
		helpers.configure_settings(enabled=0)
		item = make_item()
		self.assertEqual(log_rows(item.name), [])

	def test_opt_out_records_nothing(self):
		item = make_item(wix_sync_enabled=0)
		self.assertEqual(log_rows(item.name), [])

	def test_non_sales_item_records_nothing(self):
		item = make_item(is_sales_item=0)
		self.assertEqual(log_rows(item.name), [])

	def test_item_group_filter_applies(self):
		helpers.configure_settings(item_group="Raw Material")
		outside = make_item()
		inside = make_item(item_group="Raw Material")
		self.assertEqual(log_rows(outside.name), [])
		self.assertEqual(len(log_rows(inside.name)), 1)

	def test_item_price_change_records_event(self):
		item = make_item()
		outbox._forget_transaction()
		add_item_price(item.name, "Standard Selling", 9)
		rows = log_rows(item.name)
		self.assertEqual(len(rows), 2)
		self.assertEqual(rows[1].reference_doctype, "Item Price")
		self.assertEqual(json.loads(rows[1].payload)["item"]["price"]["amount"], "9")

	def test_other_price_list_records_nothing(self):
		item = make_item()
		outbox._forget_transaction()
		add_item_price(item.name, "Standard Buying", 4)
		self.assertEqual(len(log_rows(item.name)), 1)

	def test_price_falls_back_to_standard_rate(self):
		item = make_item()
		frappe.db.delete("Item Price", {"item_code": item.name})
		frappe.db.set_value("Item", item.name, "standard_rate", 7)
		outbox._forget_transaction()
		name = outbox.enqueue_item_upsert(frappe.get_doc("Item", item.name), "manual")
		row = frappe.db.get_value(LOG_DOCTYPE, name, ["payload", "message"], as_dict=True)
		price = json.loads(row.payload)["item"]["price"]
		self.assertEqual(price["source"], "standard_rate")
		self.assertEqual(price["amount"], "7")
		self.assertIn("Standard Selling Rate", row.message)

	def test_trash_records_delete(self):
		item = make_item()
		outbox._forget_transaction()
		frappe.delete_doc("Item", item.name, force=True, ignore_permissions=True)
		rows = log_rows(item.name)
		self.assertEqual([row.event_type for row in rows], ["item.upsert", "item.delete"])
		self.assertEqual(rows[0].status, "Superseded")

	def test_rename_publishes_new_code(self):
		item = make_item()
		[row] = log_rows(item.name)
		mapping = frappe.get_doc(
			{"doctype": MAPPING_DOCTYPE, "item": item.name, "wix_product_id": "prod-rename-" + item.name[-6:]}
		).insert(ignore_permissions=True)
		outbox._forget_transaction()
		new_code = helpers.new_item_code()
		frappe.rename_doc("Item", item.name, new_code, force=True)
		self.assertFalse(frappe.db.exists(MAPPING_DOCTYPE, item.name))
		self.assertEqual(frappe.db.get_value(MAPPING_DOCTYPE, new_code, "item"), new_code)
		rows = log_rows(new_code)
		self.assertEqual(rows[0].name, row.name)
		self.assertEqual(rows[0].status, "Superseded")
		payload = json.loads(rows[-1].payload)
		self.assertEqual(payload["item"]["item_code"], new_code)
		self.assertEqual(payload["mapping"]["wix_product_id"], mapping.wix_product_id)

	def test_relative_image_made_absolute(self):
		item = make_item(image="/files/wix-test.jpg")
		[row] = log_rows(item.name)
		self.assertEqual(
			json.loads(row.payload)["item"]["images"], ["https://shop.example.com/files/wix-test.jpg"]
		)


class TestOutboxBrokerDown(WixTestCase):
	def test_save_succeeds_and_republishes(self):
		frappe.local.conf["wix_amqp_url"] = closed_amqp_url()
		item = make_item()
		publish_transaction()
		[row] = log_rows(item.name)
		self.assertEqual(row.status, "Queued")
		self.assertEqual(row.publish_attempts, 1)
		self.assertIn("cannot reach RabbitMQ", row.publish_error)
		self.assertNotIn("guest:guest", row.publish_error)

		frappe.local.conf.pop("wix_amqp_url")
		received = helpers.republished_messages(item.name)
		self.assertEqual(len(received), 1)
		self.assertEqual(received[0]["event_id"], row.event_id)
		[row] = log_rows(item.name)
		self.assertEqual(row.status, "Published")
		self.assertIsNone(row.publish_error)

	def test_unroutable_stays_queued(self):
		item = make_item()
		with publisher_without_queues():
			publish_transaction()
		[row] = log_rows(item.name)
		self.assertEqual(row.status, "Queued")
		self.assertIn("no queue is bound", row.publish_error)
		self.assertIn("start the worker", row.publish_error)

	def test_unheard_settings_change_is_skipped(self):
		name = outbox.enqueue_settings_changed(["log_level"])
		with publisher_without_queues():
			publish_transaction()
		row = frappe.db.get_value(
			LOG_DOCTYPE, name, ["status", "finished_at", "message", "publish_attempts"], as_dict=True
		)
		# Only a running worker binds the settings queue, so republishing would never succeed.
		self.assertEqual(row.status, "Skipped")
		self.assertIsNotNone(row.finished_at)
		self.assertIn("reads the settings when it starts", row.message)
		self.assertEqual(row.publish_attempts, 1)
		self.assertNotIn(name, outbox.queued_log_names())
