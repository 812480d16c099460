"""Publishes noted in Redis after an automatic save: each message goes out once, whatever else runs."""

from contextlib import contextmanager
from unittest.mock import patch

import frappe
import pymysql

from wix_integration import outbox, published_marks, tasks
from wix_integration.api import admin
from wix_integration.constants import LOG_DOCTYPE
from wix_integration.tests import helpers
from wix_integration.tests.base import WixTestCase
from wix_integration.tests.helpers import RabbitTap, log_rows, make_item


@contextmanager
def redis_down():
	"""Make every Redis call of the notes fail, as when the site's cache server is down."""

	def fail(*args, **kwargs):
		raise ConnectionError("Redis is down")

	with (
		patch.object(frappe.cache, "sadd", fail),
		patch.object(frappe.cache, "smembers", fail),
		patch.object(frappe.cache, "srem", fail),
		patch.object(frappe.cache, "register_script", fail),
	):
		yield


@contextmanager
def row_locked_elsewhere(name: str):
	"""Lock a log row from a second database connection, as a save that supersedes it does."""
	conf = frappe.conf
	other = pymysql.connect(
		host=conf.db_host or "127.0.0.1",
		port=int(conf.db_port or 3306),
		user=conf.db_user or conf.db_name,
		password=conf.db_password,
		database=conf.db_name,
	)
	try:
		with other.cursor() as cursor:
			cursor.execute("begin")
			cursor.execute(f"select name from `tab{LOG_DOCTYPE}` where name = %s for update", (name,))
		# A lock wait makes the test fail in seconds rather than after the server's 50 s default.
		frappe.db.sql("set session innodb_lock_wait_timeout = 3")
		yield
	finally:
		frappe.db.sql("set session innodb_lock_wait_timeout = @@global.innodb_lock_wait_timeout")
		other.rollback()
		other.close()


def saved_and_published(tap: RabbitTap):
	"""Save a new Item in its own transaction, as a desk user would, and check it went out once."""
	item = make_item()
	frappe.db.commit()
	received = tap.item_messages(item.name)
	assert len(received) == 1, received
	return item


class TestPublishedMarks(WixTestCase):
	def test_clear_cache_keeps_the_notes(self):
		# bench clear-cache, migrate and every rename_doc call frappe.clear_cache(), which deletes the
		# site's Redis keys except those named in the persistent_cache_keys hook.
		with RabbitTap("item.upsert.*") as tap:
			item = saved_and_published(tap)
		[row] = log_rows(item.name)
		self.assertIn(row.name, published_marks.noted())
		frappe.clear_cache()
		self.assertIn(row.name, published_marks.noted())
		self.assertEqual(helpers.republished_messages(item.name), [])
		self.assertEqual(log_rows(item.name)[0].status, "Published")

	def test_republish_runs_while_redis_is_down(self):
		item = make_item()
		# The process died after COMMIT, so the row never reached RabbitMQ.
		outbox._forget_transaction()
		frappe.db.commit()
		helpers.backdate(log_rows(item.name)[0].name)
		with redis_down():
			received = helpers.republished_messages(item.name)
		self.assertEqual(len(received), 1)
		self.assertEqual(log_rows(item.name)[0].status, "Published")

	def test_save_without_redis_marked_at_once(self):
		with RabbitTap("item.upsert.*") as tap, redis_down():
			item = saved_and_published(tap)
		self.assertEqual(log_rows(item.name)[0].status, "Published")

	def test_retry_of_a_noted_row_sends_nothing(self):
		# The row shows Queued until the scheduler writes the note, and the log form offers Retry for it.
		with RabbitTap("item.upsert.*") as tap:
			item = saved_and_published(tap)
			[row] = log_rows(item.name)
			self.assertEqual(row.status, "Queued")
			admin.retry(log_names=[row.name])
			self.assertEqual(tap.item_messages(item.name), [])
		self.assertEqual(log_rows(item.name)[0].status, "Published")

	def test_save_during_the_flush_is_sent_once(self):
		flush = outbox.flush_published_marks
		saved = []

		def flush_then_save():
			names = flush()
			# Another request saves an Item after the job read the notes and before it reads Queued rows.
			# Its transaction ran long, so the row is past the scheduler's wait for untried rows.
			saved.append(saved_and_published(tap))
			helpers.backdate(log_rows(saved[0].name)[0].name)
			frappe.db.commit()
			return names

		with (
			RabbitTap("item.upsert.*") as tap,
			patch.object(outbox, "flush_published_marks", flush_then_save),
		):
			tasks.republish_outbox()
			resent = tap.item_messages(saved[0].name)
		self.assertEqual(resent, [])
		self.assertEqual(log_rows(saved[0].name)[0].status, "Published")

	def test_scheduler_off_marks_at_once(self):
		# Nothing would ever write the notes, so the set would grow without bound and the rows stay Queued.
		with (
			patch.object(published_marks, "scheduler_inactive", return_value=True),
			RabbitTap("item.upsert.*") as tap,
		):
			item = saved_and_published(tap)
		[row] = log_rows(item.name)
		self.assertEqual(row.status, "Published")
		self.assertNotIn(row.name, published_marks.noted())

	def test_full_set_marks_at_once(self):
		# A scheduler that is enabled but not running never empties the set either.
		with patch.object(published_marks, "MAX_NOTES", 0), RabbitTap("item.upsert.*") as tap:
			item = saved_and_published(tap)
		[row] = log_rows(item.name)
		self.assertEqual(row.status, "Published")
		self.assertNotIn(row.name, published_marks.noted())

	def test_scheduler_skips_a_batch_being_published(self):
		# A bulk sync batch is committed, and then its after-commit callback publishes the rows one by
		# one. A scheduler run in between must leave them to that callback.
		items = [make_item() for _ in range(2)]
		outbox._forget_transaction()
		frappe.db.commit()
		for item in items:
			outbox.enqueue_item_upsert(item, "bulk")
		state = frappe.local.wix_outbox
		# COMMIT the rows, and run their publish only after the scheduler job.
		frappe.local.wix_outbox = None
		frappe.db.commit()
		with RabbitTap("item.upsert.*") as tap:
			tasks.republish_outbox()
			frappe.local.wix_outbox = state
			outbox._publish_after_commit()
			received = [message["event_id"] for message in tap.messages()]
		bulk_ids = [row.event_id for item in items for row in log_rows(item.name, trigger="bulk")]
		self.assertEqual(len(bulk_ids), 2)
		self.assertEqual(sorted(event for event in received if event in bulk_ids), sorted(bulk_ids))

	def test_flush_skips_a_locked_row(self):
		# Waiting for the lock could deadlock with a save of several Items, and the save may be the one
		# that MariaDB rolls back.
		with RabbitTap("item.upsert.*") as tap:
			locked, free = (log_rows(saved_and_published(tap).name)[0].name for _ in range(2))
		with row_locked_elsewhere(locked):
			flushed = outbox.flush_published_marks()
		self.assertIn(free, flushed)
		self.assertNotIn(locked, flushed)
		self.assertEqual(frappe.db.get_value(LOG_DOCTYPE, free, "status"), "Published")
		self.assertEqual(frappe.db.get_value(LOG_DOCTYPE, locked, "status"), "Queued")
		self.assertIn(locked, published_marks.noted())
		self.assertIn(locked, outbox.flush_published_marks())
		self.assertEqual(frappe.db.get_value(LOG_DOCTYPE, locked, "status"), "Published")

	def test_republish_skips_a_locked_noted_row(self):
		# The flush skipped the row because a save has locked it, and it is old enough for the scheduler.
		with RabbitTap("item.upsert.*") as tap:
			item = saved_and_published(tap)
			[row] = log_rows(item.name)
			helpers.backdate(row.name)
			frappe.db.commit()
			with row_locked_elsewhere(row.name):
				tasks.republish_outbox()
				admin.retry(log_names=[row.name])
			self.assertEqual(tap.item_messages(item.name), [])
		self.assertEqual(log_rows(item.name)[0].status, "Queued")
		self.assertIn(row.name, published_marks.noted())
