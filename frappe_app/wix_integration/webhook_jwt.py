"""Verify Wix webhook JWTs and unpack them into the wix-webhook-event fields.

Wix posts each webhook as a JWT signed with RS256. Its `data` claim is a JSON string of
`{eventType, instanceId, data: "<json>", identity: "<json>"}`, and the inner data carries the event `id`,
`entityFqdn`, `entityId`, `slug` and `eventTime`. This module does not import frappe.
"""

import hashlib
import json
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable

import jwt

ALGORITHM = "RS256"
DEFAULT_LEEWAY_SECONDS = 60
_TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$")
_EVENT_TYPE = re.compile(r"^[A-Za-z0-9_.]{1,200}$")


class WebhookRejected(Exception):
	"""A webhook failed verification; `reason` is a stable code, and the message names what to check."""

	def __init__(self, reason: str, message: str):
		self.reason = reason
		super().__init__(message)


def normalize_public_key(public_key: str) -> str:
	"""Return a PEM public key, wrapping a bare base64 body (as Wix's dashboard shows it) in PEM lines."""
	key = (public_key or "").strip()
	if not key:
		raise WebhookRejected(
			"no_public_key", "Wix Settings has no webhook public key; paste the Wix app's public key"
		)
	if "-----BEGIN" in key:
		return key
	body = "".join(key.split())
	lines = [body[i : i + 64] for i in range(0, len(body), 64)]
	return "-----BEGIN PUBLIC KEY-----\n" + "\n".join(lines) + "\n-----END PUBLIC KEY-----\n"


def verify_webhook(
	token: str | bytes,
	public_key: str,
	*,
	leeway_seconds: int = DEFAULT_LEEWAY_SECONDS,
	now: float | None = None,
) -> dict:
	"""Verify the JWT's RS256 signature and expiry, then return the webhook's fields.

	Raise WebhookRejected for a malformed token, another algorithm (including `none`), a bad signature
	or wrong key, an expired token, an `iat` in the future, or a payload without eventType and instanceId.
	"""
	if isinstance(token, bytes):
		token = token.decode("utf-8", errors="replace")
	token = token.strip()
	key = normalize_public_key(public_key)
	try:
		header = jwt.get_unverified_header(token)
	except jwt.DecodeError as error:
		raise WebhookRejected("malformed", f"webhook body is not a JWT: {error}") from error
	if header.get("alg") != ALGORITHM:
		raise WebhookRejected(
			"unsupported_algorithm",
			f"webhook JWT uses algorithm {header.get('alg')!r}; only {ALGORITHM} is accepted",
		)
	try:
		claims = jwt.decode(
			token,
			key,
			algorithms=[ALGORITHM],
			leeway=leeway_seconds,
			options={"require": ["data"], "verify_aud": False},
		)
	except jwt.ExpiredSignatureError as error:
		raise WebhookRejected("expired", "webhook JWT has expired") from error
	except jwt.ImmatureSignatureError as error:
		raise WebhookRejected(
			"not_yet_valid", "webhook JWT is not valid yet (iat or nbf is in the future)"
		) from error
	except jwt.InvalidSignatureError as error:
		raise WebhookRejected(
			"bad_signature", "webhook JWT signature does not match the public key in Wix Settings"
		) from error
	except jwt.MissingRequiredClaimError as error:
		raise WebhookRejected("missing_claim", f"webhook JWT is missing a claim: {error}") from error
	except (jwt.InvalidKeyError, ValueError) as error:
		raise WebhookRejected(
			"no_public_key", f"the webhook public key in Wix Settings is not a valid RSA key: {error}"
		) from error
	except jwt.InvalidTokenError as error:
		raise WebhookRejected("malformed", f"webhook JWT is invalid: {error}") from error
	_check_issued_at(claims, leeway_seconds, now)
	return unpack_claims(claims, token)


def _check_issued_at(claims: dict, leeway_seconds: int, now: float | None) -> None:
	issued_at = claims.get("iat")
	if issued_at is None:
		return
	if not isinstance(issued_at, int | float):
		raise WebhookRejected("malformed", f"webhook JWT iat {issued_at!r} is not a number")
	if issued_at > (now if now is not None else time.time()) + leeway_seconds:
		raise WebhookRejected("not_yet_valid", "webhook JWT iat is in the future")


def _parse_json(value: object, part: str) -> object:
	if value is None or isinstance(value, dict):
		return value
	if not isinstance(value, str):
		raise WebhookRejected("malformed", f"webhook {part} is neither a JSON string nor an object")
	try:
		return json.loads(value) if value else None
	except json.JSONDecodeError as error:
		raise WebhookRejected("malformed", f"webhook {part} is not valid JSON: {error}") from error


def unpack_claims(claims: dict, token: str) -> dict:
	"""Return the envelope fields of verified claims; the event id falls back to the token's SHA-256."""
	outer = _parse_json(claims.get("data"), "data claim")
	if not isinstance(outer, dict):
		raise WebhookRejected("malformed", "webhook data claim is not a JSON object")
	event_type = outer.get("eventType")
	instance_id = outer.get("instanceId")
	if not isinstance(event_type, str) or not _EVENT_TYPE.match(event_type):
		raise WebhookRejected("malformed", f"webhook eventType {event_type!r} is missing or invalid")
	if not isinstance(instance_id, str) or not instance_id:
		raise WebhookRejected("malformed", "webhook instanceId is missing")
	inner = _parse_json(outer.get("data"), "inner data")
	inner = inner if isinstance(inner, dict) else {}
	identity = _parse_json(outer.get("identity"), "identity")
	event_time = inner.get("eventTime")
	event_id = inner.get("id") or claims.get("jti") or hashlib.sha256(token.encode("utf-8")).hexdigest()
	return {
		"event_id": str(event_id)[:200],
		"event_type": event_type,
		"instance_id": instance_id,
		"entity_fqdn": _string_or_none(inner.get("entityFqdn")),
		"entity_id": _string_or_none(inner.get("entityId") or inner.get("productId")),
		"slug": _string_or_none(inner.get("slug")),
		"event_time": event_time if isinstance(event_time, str) and _TIMESTAMP.match(event_time) else None,
		"data": inner,
		"identity": identity if isinstance(identity, dict) else None,
	}


def _string_or_none(value: object) -> str | None:
	return str(value) if value not in (None, "") else None


class MemoryReplayGuard:
	"""Remember event ids seen in this process for `ttl_seconds`, keeping at most `max_entries`."""

	def __init__(self, ttl_seconds: float = 3 * 24 * 3600, max_entries: int = 100_000):
		self.ttl_seconds = ttl_seconds
		self.max_entries = max_entries
		self._seen: OrderedDict[str, float] = OrderedDict()
		self._lock = threading.Lock()

	def claim(self, event_id: str) -> bool:
		"""Record `event_id`; return False when it was already recorded (a replay)."""
		now = time.monotonic()
		with self._lock:
			while self._seen and next(iter(self._seen.values())) < now - self.ttl_seconds:
				self._seen.popitem(last=False)
			if event_id in self._seen:
				return False
			while len(self._seen) >= self.max_entries:
				self._seen.popitem(last=False)
			self._seen[event_id] = now
			return True


def accept_webhook(token: str | bytes, public_key: str, claim: Callable[[str], bool], **options) -> dict:
	"""Verify a webhook and claim its event id; raise WebhookRejected("replayed") for an id already claimed."""
	webhook = verify_webhook(token, public_key, **options)
	if not claim(webhook["event_id"]):
		raise WebhookRejected("replayed", f"webhook event {webhook['event_id']} was already received")
	return webhook
