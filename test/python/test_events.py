"""Building item-upsert, item-delete, settings-changed and webhook events from plain values."""

import json
from datetime import datetime, timezone

import pytest

from wix_integration import contract, events

SITE = "shop.example.com"


def item_values(**overrides) -> dict:
	values = {
		"item_code": "MUG-001",
		"item_name": "Stoneware mug",
		"item_version": "2026-12-04 12:00:00.123456",
		"description": "<p>Mug</p>",
		"brand": None,
		"item_group": "Kitchen",
		"disabled": False,
		"is_sales_item": True,
		"price": events.price_payload(14.5, "USD", "price_list", "Standard Selling"),
		"images": events.image_urls(["/files/mug.jpg"], "https://shop.example.com"),
		"weight": events.weight_payload(0.4, "Kg"),
		"barcode": "4006381333931",
	}
	values.update(overrides)
	return values


class TestItemUpsert:
	def test_builds_valid_event(self):
		message = events.build_item_upsert(
			event_id=events.new_event_id(), site=SITE, trigger="auto", item=item_values(), mapping=None
		)
		assert contract.validation_errors("item-upsert", message) == []
		assert message["item"]["price"] == {
			"amount": "14.5",
			"currency": "USD",
			"source": "price_list",
			"price_list": "Standard Selling",
		}
		assert message["item"]["images"] == ["https://shop.example.com/files/mug.jpg"]
		assert message["mapping"] == events.EMPTY_MAPPING

	def test_carries_mapping(self):
		mapping = {
			"wix_product_id": "abc",
			"wix_variant_id": "",
			"catalog_version": "V3",
			"content_hash": None,
		}
		message = events.build_item_upsert(
			event_id=events.new_event_id(), site=SITE, trigger="manual", item=item_values(), mapping=mapping
		)
		assert message["mapping"]["wix_product_id"] == "abc"
		assert message["mapping"]["wix_variant_id"] is None
		assert message["mapping"]["catalog_version"] == "V3"

	def test_rejects_unknown_trigger(self):
		with pytest.raises(contract.ContractError, match="trigger"):
			events.build_item_upsert(
				event_id=events.new_event_id(), site=SITE, trigger="nightly", item=item_values(), mapping=None
			)

	def test_rejects_bad_event_id(self):
		with pytest.raises(contract.ContractError, match="event_id"):
			events.build_item_upsert(
				event_id="42", site=SITE, trigger="auto", item=item_values(), mapping=None
			)

	def test_routes_to_item_shard(self):
		vectors = json.loads((contract.CONTRACT_DIR / "examples" / "shards.json").read_text(encoding="utf-8"))
		for vector in vectors["vectors"]:
			message = events.build_item_upsert(
				event_id=events.new_event_id(),
				site=SITE,
				trigger="auto",
				item=item_values(item_code=vector["item_code"]),
				mapping=None,
			)
			assert events.routing_key_for(message) == f"item.upsert.{vector['shard']}"


class TestItemDelete:
	def test_builds_valid_event(self):
		message = events.build_item_delete(
			event_id=events.new_event_id(),
			site=SITE,
			trigger="auto",
			item_code="MUG-001",
			item_version="2026-12-04 12:05:00.000001",
			mapping={"wix_product_id": "p1"},
		)
		assert contract.validation_errors("item-delete", message) == []
		assert events.routing_key_for(message) == f"item.delete.{contract.item_shard('MUG-001')}"

	def test_rejects_iso_item_version(self):
		with pytest.raises(contract.ContractError, match="item_version"):
			events.build_item_delete(
				event_id=events.new_event_id(),
				site=SITE,
				trigger="auto",
				item_code="MUG-001",
				item_version="2026-12-04T12:05:00Z",
				mapping=None,
			)


class TestSettingsChanged:
	def test_sorts_and_dedupes_fields(self):
		message = events.build_settings_changed(
			event_id=events.new_event_id(), site=SITE, changed_fields=["price_list", "api_key", "api_key"]
		)
		assert message["changed_fields"] == ["api_key", "price_list"]
		assert events.routing_key_for(message) == "settings.changed"


class TestValueHelpers:
	@pytest.mark.parametrize(
		("amount", "expected"),
		[
			(14.5, "14.5"),
			("10.00", "10"),
			(0, "0"),
			(-1, "-1"),
			(1e-7, "0.0000001"),
			(1234567.891, "1234567.891"),
		],
	)
	def test_decimal_string(self, amount, expected):
		assert events.decimal_string(amount) == expected

	def test_decimal_string_rejects_text(self):
		with pytest.raises(ValueError, match="not a number"):
			events.decimal_string("ten")

	def test_price_payload_none_without_amount(self):
		assert events.price_payload(None, "USD", "price_list", "Standard Selling") is None

	def test_standard_rate_price_has_no_price_list(self):
		price = events.price_payload(3, None, "standard_rate", "Standard Selling")
		assert price == {"amount": "3", "currency": None, "source": "standard_rate", "price_list": None}

	def test_weight_needs_value_and_uom(self):
		assert events.weight_payload(0, "Kg") is None
		assert events.weight_payload(1.5, None) is None
		assert events.weight_payload(1.5, "Kg") == {"value": 1.5, "uom": "Kg"}

	def test_image_urls_made_absolute(self):
		urls = events.image_urls(
			["/files/a.jpg", "files/b.jpg", "https://cdn.example.com/c.jpg", None, "/files/a.jpg"],
			"https://shop.example.com/",
		)
		assert urls == [
			"https://shop.example.com/files/a.jpg",
			"https://shop.example.com/files/b.jpg",
			"https://cdn.example.com/c.jpg",
		]

	def test_image_urls_stay_relative_without_base(self):
		assert events.image_urls(["/files/a.jpg"], None) == ["/files/a.jpg"]

	def test_utc_timestamp_format(self):
		moment = datetime(2026, 12, 4, 12, 0, 0, 123456, tzinfo=timezone.utc)
		assert events.utc_timestamp(moment) == "2026-12-04T12:00:00.123Z"

	def test_item_version_from_datetime(self):
		assert events.item_version(datetime(2026, 12, 4, 12, 0, 0, 5)) == "2026-12-04 12:00:00.000005"
