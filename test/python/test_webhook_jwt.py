"""Verifying Wix webhook JWTs: RS256 only, right key, not expired, never replayed."""

import base64
import json
import time

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from wix_integration import events
from wix_integration.webhook_jwt import MemoryReplayGuard, WebhookRejected, accept_webhook, verify_webhook


def generate_key_pair() -> tuple[bytes, str]:
	private_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
	private_pem = private_key.private_bytes(
		serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
	)
	public_pem = private_key.public_key().public_bytes(
		serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
	)
	return private_pem, public_pem.decode()


PRIVATE_KEY, PUBLIC_KEY = generate_key_pair()
OTHER_PRIVATE_KEY, OTHER_PUBLIC_KEY = generate_key_pair()


def webhook_claims(event_id: str = "5f8e3f1a-0000-4000-8000-000000000001", **extra) -> dict:
	inner = {
		"id": event_id,
		"entityFqdn": "wix.stores.catalog.v3.product",
		"slug": "deleted",
		"entityId": "prod-1",
		"eventTime": "2026-12-04T12:00:00.123456Z",
		"deletedEvent": {"deletedEntity": {"id": "prod-1"}},
	}
	outer = {
		"eventType": "wix.stores.catalog.v3.product_deleted",
		"instanceId": "inst-1",
		"data": json.dumps(inner),
		"identity": json.dumps({"identityType": "APP", "appId": "app-1"}),
	}
	now = int(time.time())
	return {"data": json.dumps(outer), "iat": now, "exp": now + 300, **extra}


def sign(claims: dict, key: bytes = PRIVATE_KEY, algorithm: str = "RS256") -> str:
	return jwt.encode(claims, key, algorithm=algorithm)


def reject_reason(token: str, public_key: str = PUBLIC_KEY) -> str:
	with pytest.raises(WebhookRejected) as raised:
		verify_webhook(token, public_key)
	return raised.value.reason


class TestVerifyWebhook:
	def test_accepts_valid_token(self):
		webhook = verify_webhook(sign(webhook_claims()), PUBLIC_KEY)
		assert webhook["event_id"] == "5f8e3f1a-0000-4000-8000-000000000001"
		assert webhook["event_type"] == "wix.stores.catalog.v3.product_deleted"
		assert webhook["instance_id"] == "inst-1"
		assert webhook["entity_id"] == "prod-1"
		assert webhook["data"]["deletedEvent"]["deletedEntity"]["id"] == "prod-1"
		assert webhook["identity"] == {"identityType": "APP", "appId": "app-1"}

	def test_envelope_matches_contract(self):
		envelope = events.build_webhook_event(webhook=verify_webhook(sign(webhook_claims()), PUBLIC_KEY))
		assert envelope["type"] == "wix.webhook"
		assert events.routing_key_for(envelope) == "wix.webhook.wix.stores.catalog.v3.product_deleted"

	def test_accepts_bare_base64_public_key(self):
		body = "".join(line for line in PUBLIC_KEY.splitlines() if "-----" not in line)
		assert verify_webhook(sign(webhook_claims()), body)["instance_id"] == "inst-1"

	def test_rejects_bad_signature(self):
		header, payload, signature = sign(webhook_claims()).split(".")
		forged = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
		forged["data"] = forged["data"].replace("prod-1", "prod-2")
		forged_payload = base64.urlsafe_b64encode(json.dumps(forged).encode()).rstrip(b"=").decode()
		assert reject_reason(f"{header}.{forged_payload}.{signature}") == "bad_signature"

	def test_rejects_wrong_key(self):
		assert reject_reason(sign(webhook_claims(), OTHER_PRIVATE_KEY)) == "bad_signature"

	def test_rejects_expired_token(self):
		past = int(time.time()) - 3600
		assert reject_reason(sign(webhook_claims(iat=past - 600, exp=past))) == "expired"

	def test_rejects_future_iat(self):
		future = int(time.time()) + 3600
		assert reject_reason(sign(webhook_claims(iat=future, exp=future + 300))) == "not_yet_valid"

	def test_rejects_alg_none(self):
		unsigned = jwt.encode(webhook_claims(), None, algorithm="none")
		assert reject_reason(unsigned) == "unsupported_algorithm"

	def test_rejects_hs256_signed_with_public_key(self):
		header = base64.urlsafe_b64encode(b'{"alg":"HS256","typ":"JWT"}').rstrip(b"=").decode()
		payload = base64.urlsafe_b64encode(json.dumps(webhook_claims()).encode()).rstrip(b"=").decode()
		assert reject_reason(f"{header}.{payload}.c2lnbmF0dXJl") == "unsupported_algorithm"

	def test_rejects_non_jwt_body(self):
		assert reject_reason("not a token") == "malformed"

	def test_rejects_missing_data_claim(self):
		assert reject_reason(sign({"iat": int(time.time())})) == "missing_claim"

	def test_rejects_missing_event_type(self):
		claims = webhook_claims()
		claims["data"] = json.dumps({"instanceId": "inst-1", "data": "{}"})
		assert reject_reason(sign(claims)) == "malformed"

	def test_rejects_empty_public_key(self):
		assert reject_reason(sign(webhook_claims()), "") == "no_public_key"

	def test_falls_back_to_token_hash_for_event_id(self):
		claims = webhook_claims()
		outer = json.loads(claims["data"])
		outer["eventType"] = "com.wix.ecommerce.catalog.api.v1.ProductDeleted"
		outer["data"] = json.dumps({"productId": "v1-prod"})
		claims["data"] = json.dumps(outer)
		webhook = verify_webhook(sign(claims), PUBLIC_KEY)
		assert len(webhook["event_id"]) == 64
		assert webhook["entity_id"] == "v1-prod"


class TestReplayGuard:
	def test_rejects_replayed_event(self):
		guard = MemoryReplayGuard()
		token = sign(webhook_claims(event_id="replayed-1"))
		assert accept_webhook(token, PUBLIC_KEY, guard.claim)["event_id"] == "replayed-1"
		with pytest.raises(WebhookRejected) as raised:
			accept_webhook(token, PUBLIC_KEY, guard.claim)
		assert raised.value.reason == "replayed"

	def test_accepts_distinct_events(self):
		guard = MemoryReplayGuard()
		accept_webhook(sign(webhook_claims(event_id="a")), PUBLIC_KEY, guard.claim)
		assert accept_webhook(sign(webhook_claims(event_id="b")), PUBLIC_KEY, guard.claim)["event_id"] == "b"

	def test_forgets_oldest_beyond_capacity(self):
		guard = MemoryReplayGuard(max_entries=2)
		assert guard.claim("a")
		assert guard.claim("b")
		assert guard.claim("c")
		assert guard.claim("a")
		assert not guard.claim("c")
