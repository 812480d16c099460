"""Build the contract's messages from plain dicts and validate them before they are published.

This module does not import frappe: the Frappe side reads the documents and passes plain values in.
"""

import uuid
from datetime import datetime, timezone
from decimal import Decimal, InvalidOperation
from urllib.parse import urljoin

from wix_integration import contract
from wix_integration.constants import ITEM_DELETE, ITEM_UPSERT, SCHEMA_VERSION, SETTINGS_CHANGED, WIX_WEBHOOK

EMPTY_MAPPING = {
	"wix_product_id": None,
	"wix_variant_id": None,
	"catalog_version": None,
	"content_hash": None,
	"wix_revision": None,
}

ITEM_FIELDS = (
	"item_code",
	"item_name",
	"item_version",
	"description",
	"brand",
	"item_group",
	"disabled",
	"is_sales_item",
	"price",
	"images",
	"weight",
	"barcode",
)


def new_event_id() -> str:
	return str(uuid.uuid4())


def utc_timestamp(moment: datetime | None = None) -> str:
	"""Format a moment (default now) as ISO 8601 UTC with milliseconds, e.g. 2026-12-04T12:00:00.123Z."""
	moment = moment or datetime.now(timezone.utc)
	if moment.tzinfo is None:
		moment = moment.replace(tzinfo=timezone.utc)
	return (
		moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"
	)


def item_version(modified: object) -> str:
	"""Format Item.modified the way Frappe stores it, so later versions compare greater as strings."""
	if isinstance(modified, datetime):
		return modified.strftime("%Y-%m-%d %H:%M:%S.%f")
	return str(modified)


def decimal_string(amount: object) -> str:
	"""Format a number as a plain decimal string without exponent, e.g. 14.5 -> "14.5"."""
	try:
		value = Decimal(str(amount))
	except InvalidOperation as error:
		raise ValueError(f"price {amount!r} is not a number") from error
	text = format(value.normalize(), "f")
	return "0" if text in ("-0", "") else text


def price_payload(amount: object, currency: str | None, source: str, price_list: str | None) -> dict | None:
	"""Return the event's price object, or None when there is no amount."""
	if amount is None or amount == "":
		return None
	return {
		"amount": decimal_string(amount),
		"currency": currency or None,
		"source": source,
		"price_list": price_list if source == "price_list" else None,
	}


def weight_payload(weight_per_unit: object, weight_uom: str | None) -> dict | None:
	"""Return the event's weight object, or None unless both a positive weight and its UOM are set."""
	if not weight_per_unit or not weight_uom:
		return None
	return {"value": float(weight_per_unit), "uom": weight_uom}


def absolute_image_url(path: str, public_base_url: str | None) -> str:
	"""Turn a relative file path such as /files/x.jpg into an absolute URL on the public base URL.

	Wix downloads product images itself, so it needs an absolute URL. Absolute URLs pass unchanged, and a
	relative path stays relative when no base URL is set (the worker then reports it as invalid).
	"""
	path = path.strip()
	if "://" in path or not public_base_url:
		return path
	return urljoin(public_base_url.rstrip("/") + "/", path.lstrip("/"))


def image_urls(paths: list[str | None], public_base_url: str | None) -> list[str]:
	"""Return the absolute, de-duplicated image URLs in their original order."""
	urls: list[str] = []
	for path in paths:
		if not path or not path.strip():
			continue
		url = absolute_image_url(path, public_base_url)
		if url not in urls:
			urls.append(url)
	return urls


def mapping_payload(mapping: dict | None) -> dict:
	"""Return the event's mapping object from a Wix Item Mapping row (or None when there is none)."""
	if not mapping:
		return dict(EMPTY_MAPPING)
	return {
		"wix_product_id": mapping.get("wix_product_id") or None,
		"wix_variant_id": mapping.get("wix_variant_id") or None,
		"catalog_version": mapping.get("catalog_version") or None,
		"content_hash": mapping.get("content_hash") or None,
		"wix_revision": mapping.get("wix_revision") or None,
	}


def build_item_upsert(
	*,
	event_id: str,
	site: str,
	trigger: str,
	item: dict,
	mapping: dict | None,
	occurred_at: str | None = None,
) -> dict:
	"""Build and validate an item.upsert event; `item` must carry exactly the contract's item fields."""
	message = {
		"schema_version": SCHEMA_VERSION,
		"type": ITEM_UPSERT,
		"event_id": event_id,
		"occurred_at": occurred_at or utc_timestamp(),
		"site": site,
		"trigger": trigger,
		"item": {field: item.get(field) for field in ITEM_FIELDS},
		"mapping": mapping_payload(mapping),
	}
	return contract.validate("item-upsert", message)


def build_item_delete(
	*,
	event_id: str,
	site: str,
	trigger: str,
	item_code: str,
	item_version: str,
	mapping: dict | None,
	occurred_at: str | None = None,
) -> dict:
	"""Build and validate an item.delete event."""
	message = {
		"schema_version": SCHEMA_VERSION,
		"type": ITEM_DELETE,
		"event_id": event_id,
		"occurred_at": occurred_at or utc_timestamp(),
		"site": site,
		"trigger": trigger,
		"item_code": item_code,
		"item_version": item_version,
		"mapping": mapping_payload(mapping),
	}
	return contract.validate("item-delete", message)


def build_settings_changed(
	*, event_id: str, site: str, changed_fields: list[str], occurred_at: str | None = None
) -> dict:
	"""Build and validate a settings.changed notice. It names the changed fields and never their values."""
	message = {
		"schema_version": SCHEMA_VERSION,
		"type": SETTINGS_CHANGED,
		"event_id": event_id,
		"occurred_at": occurred_at or utc_timestamp(),
		"site": site,
		"changed_fields": sorted(set(changed_fields)),
	}
	return contract.validate("settings-changed", message)


def build_webhook_event(*, webhook: dict, received_at: str | None = None) -> dict:
	"""Build and validate the wix-webhook-event envelope from a verified webhook (see webhook_jwt)."""
	message = {
		"schema_version": SCHEMA_VERSION,
		"type": WIX_WEBHOOK,
		"event_id": webhook["event_id"],
		"event_type": webhook["event_type"],
		"instance_id": webhook["instance_id"],
		"entity_fqdn": webhook.get("entity_fqdn"),
		"entity_id": webhook.get("entity_id"),
		"slug": webhook.get("slug"),
		"event_time": webhook.get("event_time"),
		"received_at": received_at or utc_timestamp(),
		"data": webhook.get("data") or {},
		"identity": webhook.get("identity"),
	}
	return contract.validate("wix-webhook-event", message)


def routing_key_for(message: dict) -> str:
	"""Return the topology's routing key for a built message."""
	message_type = message["type"]
	if message_type == ITEM_UPSERT:
		return contract.routing_key(ITEM_UPSERT, shard=contract.item_shard(message["item"]["item_code"]))
	if message_type == ITEM_DELETE:
		return contract.routing_key(ITEM_DELETE, shard=contract.item_shard(message["item_code"]))
	if message_type == SETTINGS_CHANGED:
		return contract.routing_key(SETTINGS_CHANGED)
	if message_type == WIX_WEBHOOK:
		return contract.routing_key(WIX_WEBHOOK, event_type=message["event_type"])
	raise ValueError(f"no routing key for message type {message_type!r}")
