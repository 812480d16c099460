"""Publishes noted in Redis after an automatic save: each message goes out once, whatever else runs."""

from contextlib import contextmanager
from unittest.mock import patch

import frappe

from wix_integration import outbox, published_marks
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
		patch.object(frappe.cache, "scard", fail),
	):
		yield


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
		with redis_down():
			received = helpers.republished_messages(item.name)
		self.assertEqual(len(received), 1)
		self.assertEqual(log_rows(item.name)[0].status, "Published")

	def test_save_without_redis_marked_at_once(self):
		with RabbitTap("item.upsert.*") as tap, redis_down():
			item = saved_and_published(tap)
		self.assertEqual(log_rows(item.name)[0].status, "Published")
