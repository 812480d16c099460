"""Scan what redaction returns for the secret strings themselves, wherever a secret can hide."""

import json

import pytest

from wix_integration.redaction import amqp_url_for_display, redact, redact_text

API_KEY = "IST.eyJraWQiOiJQb3pIX2FDMiIsImFsZyI6IlJTMjU2In0.secret-wix-api-key"
API_SECRET = "frappe-api-secret-7d1f0c9a"
AMQP_PASSWORD = "amqp-pass-5e2b41"
SECRETS = (API_KEY, API_SECRET, AMQP_PASSWORD)


def _assert_no_secret(value: object) -> None:
	text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else value
	for secret in SECRETS:
		assert secret not in text, f"secret {secret[:6]}… survived redaction in {text[:200]}"


class TestRedactionWhenSecretSitsUnderKnownKey:
	@pytest.mark.parametrize(
		"key", ["api_key", "API-Key", "api_secret", "Authorization", "password", "token", "x-api-key"]
	)
	def test_replaces_value_under_key(self, key):
		_assert_no_secret(redact({"headers": {key: API_KEY + API_SECRET + AMQP_PASSWORD}}))


class TestRedactionWhenSecretSitsInFreeText:
	def test_replaces_known_secret_inside_error_message(self):
		message = f"Wix rejected key {API_KEY} for site x; Frappe token {API_SECRET}"

		_assert_no_secret(redact_text(message, known_secrets=[API_KEY, API_SECRET]))

	def test_replaces_authorization_header_in_text(self):
		_assert_no_secret(redact_text(f"request failed, headers: {{'Authorization': '{API_KEY}'}}"))

	def test_replaces_token_auth_header_in_text(self):
		_assert_no_secret(redact_text(f"Authorization: token abc123:{API_SECRET}"))

	def test_replaces_password_in_amqp_url(self):
		url = f"amqp://wix:{AMQP_PASSWORD}@127.0.0.1:5672/%2F"

		_assert_no_secret(redact_text(f"cannot reach {url}: connection refused"))
		_assert_no_secret(amqp_url_for_display(url))
		assert amqp_url_for_display(url).startswith("amqp://wix:")


class TestRedactionWhenSecretIsNested:
	def test_replaces_secrets_in_lists_and_nested_documents(self):
		document = {
			"request": {
				"method": "POST",
				"headers": [{"name": "Authorization", "value": API_KEY}],
				"body": {"config": {"api_key": API_KEY, "note": f"broker amqp://u:{AMQP_PASSWORD}@h/"}},
			},
			"error": {"message": f"bad secret {API_SECRET}"},
		}

		_assert_no_secret(redact(document, known_secrets=SECRETS))

	def test_keeps_ordinary_fields(self):
		redacted = redact({"item_code": "MUG-001", "name": "Mug"}, known_secrets=SECRETS)

		assert redacted == {"item_code": "MUG-001", "name": "Mug"}
