"""Attack the webhook JWT verification with the tokens an attacker or a broken sender would post.

Every token is built the way Wix builds one (RS256, a `data` claim holding JSON strings), then
changed in one way, so each rejection has a single cause.
"""

import base64
import hashlib
import hmac
import json
import time
import uuid

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from wix_integration.webhook_jwt import MemoryReplayGuard, WebhookRejected, accept_webhook, verify_webhook


def _generate_key_pair() -> tuple[rsa.RSAPrivateKey, str]:
	private_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
	public_pem = (
		private_key.public_key()
		.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
		.decode()
	)
	return private_key, public_pem


WIX_KEY, WIX_PUBLIC_PEM = _generate_key_pair()
OTHER_KEY, _OTHER_PUBLIC_PEM = _generate_key_pair()


def _claims(event_id: str | None = None, issued_at: float | None = None, expires_in: float = 300) -> dict:
	now = issued_at if issued_at is not None else time.time()
	inner = {
		"id": event_id or str(uuid.uuid4()),
		"entityFqdn": "wix.stores.catalog.v3.product",
		"slug": "deleted",
		"entityId": "9b3c7f0e-51d6-4a3c-9e43-0d1b2c3a4f5e",
		"eventTime": "2026-12-04T12:00:00.000Z",
	}
	outer = {
		"eventType": "wix.stores.catalog.v3.product_deleted",
		"instanceId": "c0ffee00-1234-4bcd-9abc-0123456789ab",
		"data": json.dumps(inner),
		"identity": json.dumps({"identityType": "APP"}),
	}
	return {"data": json.dumps(outer), "iat": int(now), "exp": int(now + expires_in)}


def _sign(claims: dict, key=WIX_KEY, algorithm: str = "RS256") -> str:
	return jwt.encode(claims, key, algorithm=algorithm)


def _b64url(raw: bytes) -> str:
	return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _unsigned_token(claims: dict, alg: str = "none") -> str:
	header = _b64url(json.dumps({"alg": alg, "typ": "JWT"}).encode())
	payload = _b64url(json.dumps(claims).encode())
	return f"{header}.{payload}."


def _rejection(token: str, public_key: str = WIX_PUBLIC_PEM) -> WebhookRejected:
	with pytest.raises(WebhookRejected) as caught:
		verify_webhook(token, public_key)
	return caught.value


class TestWebhookJwtWhenTokenIsGenuine:
	def test_accepts_token_signed_with_wix_key(self):
		webhook = verify_webhook(_sign(_claims(event_id="evt-genuine")), WIX_PUBLIC_PEM)

		assert webhook["event_id"] == "evt-genuine"
		assert webhook["event_type"] == "wix.stores.catalog.v3.product_deleted"


class TestWebhookJwtWhenSignatureIsBad:
	def test_rejects_payload_changed_after_signing(self):
		header, _payload, signature = _sign(_claims()).split(".")
		forged = _claims()
		forged["data"] = forged["data"].replace("product_deleted", "product_created")
		tampered = f"{header}.{_b64url(json.dumps(forged).encode())}.{signature}"

		assert _rejection(tampered).reason == "bad_signature"

	def test_rejects_truncated_signature(self):
		token = _sign(_claims())

		assert _rejection(token[:-10]).reason in {"bad_signature", "malformed"}

	def test_rejects_token_without_signature(self):
		header, payload, _signature = _sign(_claims()).split(".")

		assert _rejection(f"{header}.{payload}.").reason in {"bad_signature", "malformed"}


class TestWebhookJwtWhenKeyIsWrong:
	def test_rejects_token_signed_with_another_rsa_key(self):
		assert _rejection(_sign(_claims(), key=OTHER_KEY)).reason == "bad_signature"

	def test_rejects_hs256_token_keyed_with_public_key(self):
		# Algorithm confusion: the attacker signs with HMAC, using the public PEM as the shared secret.
		header = _b64url(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
		payload = _b64url(json.dumps(_claims()).encode())
		mac = hmac.new(WIX_PUBLIC_PEM.encode(), f"{header}.{payload}".encode(), hashlib.sha256).digest()

		assert _rejection(f"{header}.{payload}.{_b64url(mac)}").reason == "unsupported_algorithm"

	def test_rejects_when_settings_hold_no_public_key(self):
		assert _rejection(_sign(_claims()), public_key="").reason == "no_public_key"


class TestWebhookJwtWhenTokenIsExpired:
	def test_rejects_token_expired_beyond_leeway(self):
		claims = _claims(issued_at=time.time() - 3600, expires_in=60)

		assert _rejection(_sign(claims)).reason == "expired"

	def test_rejects_token_issued_in_future(self):
		claims = _claims(issued_at=time.time() + 3600)

		assert _rejection(_sign(claims)).reason == "not_yet_valid"


class TestWebhookJwtWhenAlgorithmIsNone:
	@pytest.mark.parametrize("alg", ["none", "None", "NONE", ""])
	def test_rejects_unsigned_token(self, alg):
		assert _rejection(_unsigned_token(_claims(), alg=alg)).reason == "unsupported_algorithm"

	def test_rejects_unsigned_token_with_copied_signature(self):
		_header, _payload, signature = _sign(_claims()).split(".")
		token = _unsigned_token(_claims())[:-1] + "." + signature

		assert _rejection(token).reason == "unsupported_algorithm"


class TestWebhookJwtWhenTokenIsReplayed:
	def test_accepts_first_delivery_then_rejects_replay(self):
		guard = MemoryReplayGuard()
		token = _sign(_claims(event_id="evt-replayed"))

		first = accept_webhook(token, WIX_PUBLIC_PEM, guard.claim)
		with pytest.raises(WebhookRejected) as caught:
			accept_webhook(token, WIX_PUBLIC_PEM, guard.claim)

		assert first["event_id"] == "evt-replayed"
		assert caught.value.reason == "replayed"

	def test_rejects_re_signed_token_with_same_event_id(self):
		guard = MemoryReplayGuard()
		accept_webhook(_sign(_claims(event_id="evt-resent")), WIX_PUBLIC_PEM, guard.claim)
		resent = _sign(_claims(event_id="evt-resent", issued_at=time.time() + 1))

		with pytest.raises(WebhookRejected) as caught:
			accept_webhook(resent, WIX_PUBLIC_PEM, guard.claim)

		assert caught.value.reason == "replayed"

	def test_rejects_replay_of_token_without_event_id(self):
		guard = MemoryReplayGuard()
		claims = _claims()
		outer = json.loads(claims["data"])
		inner = json.loads(outer["data"])
		del inner["id"]
		outer["data"] = json.dumps(inner)
		claims["data"] = json.dumps(outer)
		token = _sign(claims)

		accept_webhook(token, WIX_PUBLIC_PEM, guard.claim)
		with pytest.raises(WebhookRejected) as caught:
			accept_webhook(token, WIX_PUBLIC_PEM, guard.claim)

		assert caught.value.reason == "replayed"


class TestWebhookJwtWhenBodyIsGarbage:
	@pytest.mark.parametrize(
		"body",
		["", "not-a-jwt", "a.b.c", "{}", "\u202eeyJ.\u200d.\U0001f600", "x" * 100_000],
		ids=["empty", "plain-text", "three-dots", "json", "rtl-emoji", "100kB"],
	)
	def test_rejects_body_that_is_not_a_jwt(self, body):
		assert _rejection(body).reason in {"malformed", "unsupported_algorithm", "bad_signature"}

	def test_rejection_message_does_not_echo_public_key(self):
		rejection = _rejection(_sign(_claims(), key=OTHER_KEY))

		assert WIX_PUBLIC_PEM.splitlines()[1] not in str(rejection)
