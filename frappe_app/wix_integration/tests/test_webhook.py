"""Wix webhooks: verified, deduplicated, recorded and acted on; bad tokens get 401 and a log row."""

import json
import time
import uuid

import frappe
import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Request

from wix_integration import outbox
from wix_integration.api import webhook as webhook_api
from wix_integration.constants import LOG_DOCTYPE, MAPPING_DOCTYPE
from wix_integration.tests import helpers
from wix_integration.tests.base import WixTestCase
from wix_integration.tests.helpers import log_rows, make_item, sync_result


def key_pair() -> tuple[bytes, str]:
	key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
	private = key.private_bytes(
		serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
	)
	public = key.public_key().public_bytes(
		serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
	)
	return private, public.decode()


PRIVATE_KEY, PUBLIC_KEY = key_pair()
OTHER_PRIVATE_KEY, _OTHER_PUBLIC_KEY = key_pair()


def webhook_token(
	event_type: str, entity_id: str, *, key: bytes = PRIVATE_KEY, expires_in: int = 300, event_id=None
) -> str:
	inner = {
		"id": event_id or str(uuid.uuid4()),
		"entityFqdn": "wix.stores.catalog.v3.product",
		"slug": "deleted",
		"entityId": entity_id,
		"eventTime": "2026-12-04T12:00:00.000Z",
	}
	outer = {"eventType": event_type, "instanceId": "instance-1", "data": json.dumps(inner), "identity": "{}"}
	now = int(time.time())
	return jwt.encode(
		{"data": json.dumps(outer), "iat": now - 10, "exp": now + expires_in}, key, algorithm="RS256"
	)


def post(body: str) -> dict:
	"""Call the whitelisted endpoint with `body` as the raw POST body, as Wix sends it."""
	frappe.local.request = Request(
		EnvironBuilder(method="POST", data=body, content_type="text/plain").get_environ()
	)
	try:
		return webhook_api.receive()
	finally:
		frappe.local.request = None


class TestWebhook(WixTestCase):
	def setUp(self):
		super().setUp()
		helpers.configure_settings(webhook_public_key=PUBLIC_KEY)

	def rejection_rows(self, reason: str) -> list:
		return frappe.get_all(
			LOG_DOCTYPE,
			filters={
				"event_type": "wix.webhook",
				"status": "Failed",
				"error": reason,
				"creation": [">=", self.started_at],
			},
		)

	def test_accepts_and_records_event(self):
		event_id = str(uuid.uuid4())
		outcome = post(webhook_token("wix.stores.catalog.v3.product_updated", "prod-x", event_id=event_id))
		self.assertTrue(outcome["ok"])
		row = frappe.db.get_value(
			LOG_DOCTYPE, {"event_id": event_id}, ["event_type", "trigger", "payload"], as_dict=True
		)
		self.assertEqual(row.event_type, "wix.webhook")
		self.assertEqual(row.trigger, "webhook")
		self.assertEqual(json.loads(row.payload)["event_type"], "wix.stores.catalog.v3.product_updated")

	def test_rejects_replay(self):
		token = webhook_token("wix.stores.catalog.v3.product_updated", "prod-x")
		post(token)
		with self.assertRaises(frappe.AuthenticationError):
			post(token)
		self.assertEqual(len(self.rejection_rows("replayed")), 1)

	def test_rejects_wrong_key(self):
		with self.assertRaises(frappe.AuthenticationError):
			post(webhook_token("wix.stores.catalog.v3.product_updated", "prod-x", key=OTHER_PRIVATE_KEY))
		self.assertEqual(len(self.rejection_rows("bad_signature")), 1)
		self.assertEqual(frappe.AuthenticationError.http_status_code, 401)

	def test_rejects_expired(self):
		with self.assertRaises(frappe.AuthenticationError):
			post(webhook_token("wix.stores.catalog.v3.product_updated", "prod-x", expires_in=-3600))
		self.assertEqual(len(self.rejection_rows("expired")), 1)

	def test_rejects_alg_none(self):
		claims = jwt.decode(
			webhook_token("wix.stores.catalog.v3.product_updated", "p"), options={"verify_signature": False}
		)
		with self.assertRaises(frappe.AuthenticationError):
			post(jwt.encode(claims, None, algorithm="none"))
		self.assertEqual(len(self.rejection_rows("unsupported_algorithm")), 1)

	def test_rejects_without_public_key(self):
		helpers.configure_settings(webhook_public_key=None)
		with self.assertRaises(frappe.AuthenticationError):
			post(webhook_token("wix.stores.catalog.v3.product_updated", "prod-x"))

	def test_product_deleted_marks_mapping(self):
		for event_type in (
			"wix.stores.catalog.v3.product_deleted",
			"com.wix.ecommerce.catalog.api.v1.ProductDeleted",
		):
			with self.subTest(event_type=event_type):
				item = make_item()
				[row] = log_rows(item.name)
				result = sync_result(row)
				frappe.set_user(helpers.INTEGRATION_USER)
				from wix_integration.api import worker

				worker.report_result(result=result)
				frappe.set_user("Administrator")
				post(webhook_token(event_type, result["wix"]["product_id"]))
				mapping = frappe.db.get_value(
					MAPPING_DOCTYPE, {"item": item.name}, ["sync_status", "wix_product_id"], as_dict=True
				)
				self.assertEqual(mapping.sync_status, "Deleted in Wix")
				self.assertIsNone(mapping.wix_product_id)
				self.assertIsNone(frappe.db.get_value("Item", item.name, "wix_product_id"))
				# The next save publishes an upsert without a product id, so the worker creates it again.
				outbox._forget_transaction()
				item.reload()
				item.save()
				upserts = log_rows(item.name, event_type="item.upsert")
				self.assertEqual(len(upserts), 2)
				self.assertIsNone(json.loads(upserts[-1].payload)["mapping"]["wix_product_id"])
