"""Shared set-up for the bench tests: settings, users, Items, a RabbitMQ tap and clean-up.

The outbox commits when it publishes, so these tests cannot rely on FrappeTestCase's rollback and
delete what they created themselves.
"""

import json
import time
import uuid

import frappe
import pika
from frappe.utils import add_to_date, now_datetime

from wix_integration import events, tasks
from wix_integration.constants import (
	INTEGRATION_ROLE,
	LOG_DOCTYPE,
	MANAGER_ROLE,
	MAPPING_DOCTYPE,
	SETTINGS_DOCTYPE,
)
from wix_integration.settings import amqp_url

# Unique per test process, so two runs on one site (e.g. two `npm test`) do not delete each other's Items.
# They still share the single Wix Settings document, so such runs can still disturb each other.
TEST_ITEM_PREFIX = f"_Test Wix {uuid.uuid4().hex[:6]} "
TEST_SITE_ID = "1a2b3c4d-0000-4000-8000-000000000000"
TEST_API_KEY = "IST.test-wix-api-key-" + "k" * 40
MANAGER_USER = "wix-test-manager@example.com"
PLAIN_USER = "wix-test-clerk@example.com"
INTEGRATION_USER = "wix-test-worker@example.com"


def configure_settings(**overrides) -> None:
	"""Enable sync with test credentials; values are written directly, bypassing the form's events."""
	values = {
		"enabled": 1,
		"auto_sync": 1,
		"test_mode": 0,
		"site_id": TEST_SITE_ID,
		"sales_items_only": 1,
		"skip_disabled_items": 1,
		"item_group": None,
		"price_list": "Standard Selling",
		"public_base_url": "https://shop.example.com",
		"webhook_public_key": None,
	}
	values.update(overrides)
	for field, value in values.items():
		frappe.db.set_single_value(SETTINGS_DOCTYPE, field, value)
	from frappe.utils.password import set_encrypted_password

	set_encrypted_password(SETTINGS_DOCTYPE, SETTINGS_DOCTYPE, TEST_API_KEY, "api_key")
	frappe.clear_document_cache(SETTINGS_DOCTYPE, SETTINGS_DOCTYPE)


def ensure_user(email: str, roles: list[str]) -> str:
	if not frappe.db.exists("User", email):
		user = frappe.get_doc(
			{"doctype": "User", "email": email, "first_name": email.split("@")[0], "send_welcome_email": 0}
		)
		user.insert(ignore_permissions=True)
	user = frappe.get_doc("User", email)
	user.set("roles", [])
	user.add_roles(*roles)
	return email


def ensure_test_users() -> None:
	ensure_user(MANAGER_USER, [MANAGER_ROLE])
	ensure_user(PLAIN_USER, ["Sales User"])
	ensure_user(INTEGRATION_USER, [INTEGRATION_ROLE])


def new_item_code() -> str:
	return f"{TEST_ITEM_PREFIX}{uuid.uuid4().hex[:10]}"


def make_item(item_code: str | None = None, **values):
	item = frappe.get_doc(
		{
			"doctype": "Item",
			"item_code": item_code or new_item_code(),
			"item_name": "Wix test mug",
			"item_group": "Products",
			"stock_uom": "Nos",
			"is_stock_item": 0,
			"is_sales_item": 1,
			"description": "<p>Mug</p>",
			**values,
		}
	)
	item.insert(ignore_permissions=True)
	return item


def add_item_price(item_code: str, price_list: str, rate: float):
	"""Insert an Item Price for `item_code` in `price_list`, as a user saving it in desk would."""
	return frappe.get_doc(
		{"doctype": "Item Price", "item_code": item_code, "price_list": price_list, "price_list_rate": rate}
	).insert(ignore_permissions=True)


def log_rows(item_code: str, **filters) -> list:
	return frappe.get_all(
		LOG_DOCTYPE,
		filters={"item": item_code, **filters},
		fields=[
			"name",
			"event_id",
			"event_type",
			"status",
			"trigger",
			"payload",
			"message",
			"publish_error",
			"publish_attempts",
			"published_at",
			"superseded_by",
			"reference_doctype",
		],
		order_by="creation asc",
	)


def sync_result(log, **overrides) -> dict:
	"""Return a Success sync-result for a log row's event, as the worker would report it."""
	payload = json.loads(log.payload)
	item = payload.get("item") or {}
	result = {
		"schema_version": 1,
		"type": "sync.result",
		"event_id": log.event_id,
		"item_code": item.get("item_code") or payload.get("item_code"),
		"operation": "create",
		"status": "Success",
		"attempts": 1,
		"duration_ms": 120.5,
		"finished_at": events.utc_timestamp(),
		"worker_id": "bench-test-worker",
		"item_version": item.get("item_version") or payload.get("item_version"),
		"dry_run": False,
		"wix": {
			"product_id": "prod-" + uuid.uuid4().hex[:12],
			"variant_id": "00000000-0000-0000-0000-000000000000",
			"revision": "1",
			"catalog_version": "V3",
			"product_page_url": "https://shop.example.com/product-page/wix-test-mug",
			"content_hash": "a" * 64,
		},
		"message": "Created the Wix product",
		"error": None,
		"request": {
			"headers": {"Authorization": TEST_API_KEY},
			"body": {"product": {"name": "Wix test mug"}},
		},
		"response": {"product": {"id": "p"}},
	}
	result.update(overrides)
	return result


def cleanup(since) -> None:
	"""Delete the Items, mappings and log rows the tests made since `since`, and commit."""
	frappe.set_user("Administrator")
	items = frappe.get_all("Item", filters={"name": ["like", f"{TEST_ITEM_PREFIX}%"]}, pluck="name")
	frappe.db.delete(LOG_DOCTYPE, {"item": ["like", f"{TEST_ITEM_PREFIX}%"]})
	frappe.db.delete(
		LOG_DOCTYPE, {"event_type": ["in", ["wix.webhook", "settings.changed"]], "creation": [">=", since]}
	)
	frappe.db.delete(MAPPING_DOCTYPE, {"item": ["like", f"{TEST_ITEM_PREFIX}%"]})
	frappe.db.delete("Item Price", {"item_code": ["like", f"{TEST_ITEM_PREFIX}%"]})
	for item in items:
		frappe.flags.wix_write_back = True
		try:
			frappe.delete_doc("Item", item, force=True, ignore_permissions=True)
		finally:
			frappe.flags.wix_write_back = False
	frappe.db.commit()


class RabbitTap:
	"""A temporary queue bound to the app's exchange, to count what the outbox publishes."""

	def __init__(self, binding_key: str):
		from wix_integration import contract

		self.exchange = contract.topology()["exchange"]["name"]
		self.queue = f"test.wix_integration.bench.{uuid.uuid4().hex[:10]}"
		self.connection = pika.BlockingConnection(pika.URLParameters(amqp_url()))
		self.channel = self.connection.channel()
		self.channel.exchange_declare(self.exchange, exchange_type="topic", durable=True)
		self.channel.queue_declare(self.queue, auto_delete=False, exclusive=True)
		self.channel.queue_bind(self.queue, self.exchange, binding_key)

	def messages(self, wait_seconds: float = 0.5) -> list[dict]:
		deadline = time.monotonic() + wait_seconds
		received = []
		while True:
			method, _properties, body = self.channel.basic_get(self.queue, auto_ack=True)
			if method is not None:
				received.append(json.loads(body))
				continue
			if time.monotonic() >= deadline:
				return received
			time.sleep(0.05)

	def item_messages(self, item_code: str) -> list[dict]:
		"""Return the messages received for one Item, leaving out other tests' Items."""
		return [m for m in self.messages() if m["item"]["item_code"] == item_code]

	def close(self) -> None:
		if self.connection.is_open:
			self.channel.queue_delete(self.queue)
			self.connection.close()

	def __enter__(self) -> "RabbitTap":
		return self

	def __exit__(self, *exc_info) -> None:
		self.close()


def backdate(log_name: str, minutes: int = 2) -> None:
	"""Make a log row older, so the scheduler treats an untried Queued row as left by a dead process."""
	frappe.db.set_value(
		LOG_DOCTYPE,
		log_name,
		"creation",
		add_to_date(now_datetime(), minutes=-minutes),
		update_modified=False,
	)


def republished_messages(item_code: str) -> list[dict]:
	"""Run the scheduler's republish job and return the item.upsert messages it sent for one Item."""
	with RabbitTap("item.upsert.*") as tap:
		tasks.republish_outbox()
		return tap.item_messages(item_code)


def closed_amqp_url() -> str:
	"""Return an AMQP URL on a local port that nothing listens on."""
	import socket

	with socket.socket() as probe:
		probe.bind(("127.0.0.1", 0))
		port = probe.getsockname()[1]
	return f"amqp://guest:guest@127.0.0.1:{port}/%2F"
