"""Remove secrets from data before it is stored in a log row, an error message or an API response.

This module does not import frappe.
"""

import re
from collections.abc import Iterable

REDACTED = "[REDACTED]"

# Keys whose values are secrets wherever they appear, compared case-insensitively with `-` read as `_`.
SECRET_KEYS = frozenset(
	{
		"authorization",
		"proxy_authorization",
		"api_key",
		"apikey",
		"api_secret",
		"access_token",
		"refresh_token",
		"id_token",
		"token",
		"client_secret",
		"secret",
		"password",
		"passwd",
		"private_key",
		"cookie",
		"set_cookie",
		"x_api_key",
		"x_frappe_csrf_token",
	}
)

# Secrets that can appear inside free text: a credential in a URL and an Authorization header value.
_URL_CREDENTIALS = re.compile(
	r"(?P<scheme>[a-z][a-z0-9+.-]*://)(?P<user>[^:/@\s]*):(?P<password>[^@/\s]+)@", re.I
)
_AUTH_HEADER = re.compile(
	r"(?P<name>authorization[\"']?\s*[:=]\s*[\"']?)(?P<value>(?:token|bearer|basic)?\s*[^\s\"',}]+)", re.I
)

# A secret shorter than this is not searched for in free text, because it would match ordinary words.
MIN_KNOWN_SECRET_LENGTH = 6


def is_secret_key(key: object) -> bool:
	return isinstance(key, str) and key.strip().lower().replace("-", "_") in SECRET_KEYS


def redact_text(text: str, known_secrets: Iterable[str | None] = ()) -> str:
	"""Replace known secret values, URL passwords and Authorization header values in `text`."""
	for secret in sorted(
		{s for s in known_secrets if s and len(s) >= MIN_KNOWN_SECRET_LENGTH}, key=len, reverse=True
	):
		text = text.replace(secret, REDACTED)
	text = _URL_CREDENTIALS.sub(lambda m: f"{m['scheme']}{m['user']}:{REDACTED}@", text)
	return _AUTH_HEADER.sub(lambda m: f"{m['name']}{REDACTED}", text)


def redact(value: object, known_secrets: Iterable[str | None] = ()) -> object:
	"""Return a copy of `value` (dicts, lists, strings) with every secret replaced by [REDACTED].

	A value is a secret when its key is in SECRET_KEYS, or when it contains one of `known_secrets`.
	"""
	secrets = tuple(s for s in known_secrets if s)
	return _redact(value, secrets)


def _redact(value: object, secrets: tuple[str, ...]) -> object:
	if isinstance(value, dict):
		return {
			key: (REDACTED if is_secret_key(key) and item not in (None, "") else _redact(item, secrets))
			for key, item in value.items()
		}
	if isinstance(value, list | tuple):
		return [_redact(item, secrets) for item in value]
	if isinstance(value, str):
		return redact_text(value, secrets)
	return value


def amqp_url_for_display(url: str) -> str:
	"""Return an AMQP URL with its password replaced, fit for messages such as "cannot reach …"."""
	return _URL_CREDENTIALS.sub(lambda m: f"{m['scheme']}{m['user']}:{REDACTED}@", url)
