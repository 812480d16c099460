"""Read Wix Settings and the site_config values the app uses."""

import frappe

from wix_integration.amqp_publisher import AmqpPublisher, get_publisher
from wix_integration.constants import DEFAULT_AMQP_URL, SETTINGS_DOCTYPE

WEBHOOK_METHOD = "wix_integration.api.webhook.receive"


def get_settings():
	"""Return the cached Wix Settings document; Frappe clears the cache when it is saved."""
	return frappe.get_cached_doc(SETTINGS_DOCTYPE)


def amqp_url() -> str:
	return frappe.conf.get("wix_amqp_url") or DEFAULT_AMQP_URL


def publisher() -> AmqpPublisher:
	"""Return this process's publisher for the site's broker URL."""
	return get_publisher(amqp_url())


def site_name() -> str:
	return frappe.local.site


def webhook_url() -> str:
	return frappe.utils.get_url(f"/api/method/{WEBHOOK_METHOD}")


def api_key() -> str | None:
	"""Return the decrypted Wix API key, or None when none is stored."""
	return frappe.utils.password.get_decrypted_password(
		SETTINGS_DOCTYPE, SETTINGS_DOCTYPE, "api_key", raise_exception=False
	)


def known_secrets() -> list[str]:
	"""Return the secret values to scrub from any text stored or returned by the app."""
	return [secret for secret in (api_key(),) if secret]
