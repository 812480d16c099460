"""Wix Settings: credentials and sync options, validated field by field."""

import re
from urllib.parse import urlparse

import frappe
from frappe import _
from frappe.model.document import Document

from wix_integration import outbox
from wix_integration.redaction import redact_text
from wix_integration.settings import known_secrets, webhook_url
from wix_integration.sync_filter import in_bulk_operation

UUID_PATTERN = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")

# (fieldname, minimum, maximum); the limits are those of the worker-config contract.
INTEGER_LIMITS = (
	("retry_attempts", 0, 20),
	("request_timeout_seconds", 1, 300),
	("rate_limit_per_minute", 1, 10000),
	("log_retention_days", 1, 3650),
)

# Fields whose change the worker needs to hear about; layout and read-only fields are left out.
WORKER_FIELDS = (
	"enabled",
	"test_mode",
	"site_id",
	"api_key",
	"account_id",
	"wix_base_url",
	"sync_name",
	"sync_description",
	"sync_price",
	"sync_images",
	"sync_brand",
	"sync_weight",
	"sync_barcode",
	"weight_unit",
	"on_disable",
	"on_delete",
	"retry_attempts",
	"request_timeout_seconds",
	"rate_limit_per_minute",
	"log_level",
	"price_list",
	"public_base_url",
)


class WixSettings(Document):
	def onload(self):
		self.webhook_url = webhook_url()

	def validate(self):
		self.webhook_url = webhook_url()
		self.site_id = (self.site_id or "").strip() or None
		self.account_id = (self.account_id or "").strip() or None
		self.public_base_url = (self.public_base_url or "").strip().rstrip("/") or None
		errors = self.validation_errors()
		if errors:
			# A message quotes the invalid value, which may be the API key typed into the wrong field.
			secrets = [*known_secrets(), self.api_key if self.api_key_is_new() else None]
			text = "<br>".join(redact_text(message, secrets) for _field, message in errors)
			frappe.throw(text, title=_("Invalid Wix Settings"))

	def on_update(self):
		# Install saves the new single with its defaults, before anything is configured, so there is
		# nothing for a worker to reload and no broker URL set yet to publish to.
		if in_bulk_operation():
			return
		changed = self.changed_worker_fields()
		if changed:
			outbox.enqueue_settings_changed(changed)

	def api_key_is_new(self) -> bool:
		"""Return True when this save carries a new API key rather than the stored mask."""
		return bool(self.api_key) and set(self.api_key) != {"*"}

	def has_api_key(self) -> bool:
		return self.api_key_is_new() or bool(self.get_password("api_key", raise_exception=False))

	def changed_worker_fields(self) -> list[str]:
		before = self.get_doc_before_save()
		changed = [
			field
			for field in WORKER_FIELDS
			if field != "api_key" and (before is None or before.get(field) != self.get(field))
		]
		if self.api_key_is_new():
			changed.append("api_key")
		return changed

	def validation_errors(self) -> list[tuple[str, str]]:
		"""Return (fieldname, message) for every invalid field, so an API can report them all at once."""
		return [
			*self._credential_errors(),
			*self._public_base_url_errors(),
			*self._wix_base_url_errors(),
			*self._limit_errors(),
			*(self._public_key_errors() if self.webhook_public_key else []),
			*self._link_errors(),
		]

	def _credential_errors(self) -> list[tuple[str, str]]:
		errors = []
		if self.site_id and not UUID_PATTERN.match(self.site_id):
			message = _(
				"Wix Site ID {0} is not a UUID. Copy it from the Wix dashboard URL, e.g. 1a2b3c4d-0000-4000-8000-000000000000."
			)
			errors.append(("site_id", message.format(self.site_id)))
		if self.account_id and not UUID_PATTERN.match(self.account_id):
			errors.append(("account_id", _("Wix Account ID {0} is not a UUID.").format(self.account_id)))
		if self.enabled and not self.site_id:
			errors.append(("site_id", _("Set the Wix Site ID before enabling Wix sync.")))
		if self.enabled and not self.has_api_key():
			errors.append(("api_key", _("Set the Wix API Key before enabling Wix sync.")))
		return errors

	def _public_base_url_errors(self) -> list[tuple[str, str]]:
		if not self.public_base_url:
			return []
		url = urlparse(self.public_base_url)
		if url.scheme == "https" and url.hostname:
			return []
		message = _(
			"Public Base URL {0} must be a public https URL such as https://shop.example.com, so that Wix can download the Item images."
		)
		return [("public_base_url", message.format(self.public_base_url))]

	def _limit_errors(self) -> list[tuple[str, str]]:
		errors = []
		for field, minimum, maximum in INTEGER_LIMITS:
			value = self.get(field)
			try:
				valid = value is not None and minimum <= int(value) <= maximum
			except (TypeError, ValueError):
				valid = False
			if not valid:
				message = _("{0} must be a whole number between {1} and {2}, not {3}.")
				errors.append((field, message.format(_(self.meta.get_label(field)), minimum, maximum, value)))
		return errors

	def _link_errors(self) -> list[tuple[str, str]]:
		errors = []
		if self.price_list and not frappe.db.exists("Price List", self.price_list):
			errors.append(("price_list", _("Price List {0} does not exist.").format(self.price_list)))
		if self.item_group and not frappe.db.exists("Item Group", self.item_group):
			errors.append(("item_group", _("Item Group {0} does not exist.").format(self.item_group)))
		return errors

	def _wix_base_url_errors(self) -> list[tuple[str, str]]:
		url = urlparse(self.wix_base_url or "")
		local = url.scheme == "http" and url.hostname in LOCAL_HOSTS
		if (url.scheme == "https" and url.hostname) or local:
			return []
		return [
			(
				"wix_base_url",
				_("Wix API Base URL {0} must be an https URL, or http on 127.0.0.1 for a sandbox.").format(
					self.wix_base_url
				),
			)
		]

	def _public_key_errors(self) -> list[tuple[str, str]]:
		from cryptography.hazmat.primitives.asymmetric.rsa import RSAPublicKey
		from cryptography.hazmat.primitives.serialization import load_pem_public_key

		from wix_integration.webhook_jwt import WebhookRejected, normalize_public_key

		try:
			key = load_pem_public_key(normalize_public_key(self.webhook_public_key).encode())
		except (ValueError, WebhookRejected) as error:
			return [
				(
					"webhook_public_key",
					_("Wix App Public Key is not a valid PEM public key: {0}").format(error),
				)
			]
		if not isinstance(key, RSAPublicKey):
			return [
				(
					"webhook_public_key",
					_("Wix App Public Key must be an RSA key, because Wix signs webhooks with RS256."),
				)
			]
		return []
