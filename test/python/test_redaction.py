"""Removing secrets from log rows, messages and API responses."""

from wix_integration.redaction import REDACTED, amqp_url_for_display, redact, redact_text

SECRET = "IST.eyJraWQiOiJQb3pIX2FDMiIsImFsZyI6IlJTMjU2In0.secret-value"


def test_redacts_secret_keys_at_any_depth():
	request = {
		"headers": {"Authorization": SECRET, "wix-site-id": "site-1"},
		"body": {"items": [{"api_key": SECRET, "name": "Mug"}]},
		"Client-Secret": "abcdef",
	}
	redacted = redact(request)
	assert redacted["headers"]["Authorization"] == REDACTED
	assert redacted["headers"]["wix-site-id"] == "site-1"
	assert redacted["body"]["items"][0]["api_key"] == REDACTED
	assert redacted["body"]["items"][0]["name"] == "Mug"
	assert redacted["Client-Secret"] == REDACTED


def test_leaves_input_unchanged():
	request = {"api_key": SECRET}
	redact(request)
	assert request["api_key"] == SECRET


def test_redacts_known_secret_inside_text():
	message = f"Wix rejected key {SECRET} for site 1"
	assert SECRET not in redact_text(message, [SECRET])
	assert redact({"message": message}, [SECRET]) == {"message": f"Wix rejected key {REDACTED} for site 1"}


def test_ignores_short_known_secrets():
	assert redact_text("a b c", ["a"]) == "a b c"


def test_redacts_authorization_header_in_text():
	text = 'headers: {"Authorization": "token abc123:def456"}'
	assert "abc123" not in redact_text(text)
	assert "def456" not in redact_text(text)


def test_redacts_url_password():
	assert (
		amqp_url_for_display("amqp://wix:hunter22@127.0.0.1:5672/%2F")
		== f"amqp://wix:{REDACTED}@127.0.0.1:5672/%2F"
	)
	assert "hunter22" not in redact_text("cannot reach amqp://wix:hunter22@127.0.0.1/")


def test_keeps_empty_secret_fields_visible():
	assert redact({"api_key": None, "password": ""}) == {"api_key": None, "password": ""}
