"""Read an Item, its price and its mapping into the plain values that events.build_item_upsert takes."""

import frappe
from frappe import _
from frappe.utils import nowdate

from wix_integration import events
from wix_integration.constants import MAPPING_DELETED_IN_WIX, MAPPING_DOCTYPE

MAPPING_FIELDS = (
	"name",
	"wix_product_id",
	"wix_variant_id",
	"catalog_version",
	"content_hash",
	"wix_revision",
	"sync_status",
)


def item_values(item, settings) -> tuple[dict, str | None]:
	"""Return the contract's item object for `item` and a note for the log row (e.g. a price fallback)."""
	price, note = item_price(item, settings.price_list)
	values = {
		"item_code": item.name,
		"item_name": item.item_name or item.name,
		"item_version": events.item_version(item.modified),
		"description": item.description or None,
		"brand": item.brand or None,
		"item_group": item.item_group or None,
		"disabled": bool(item.disabled),
		"is_sales_item": bool(item.is_sales_item),
		"price": price,
		"images": events.image_urls(image_paths(item), settings.public_base_url),
		"weight": events.weight_payload(item.weight_per_unit, item.weight_uom),
		"barcode": next((row.barcode for row in item.get("barcodes") or [] if row.barcode), None),
	}
	return values, note


def item_price(item, price_list: str | None) -> tuple[dict | None, str | None]:
	"""Return the selling price from `price_list`, falling back to the Item's standard_rate.

	Among several valid Item Prices, the one without a customer and in the Item's stock UOM wins, then
	the one valid from the latest date. The second value is a note for the log row when the fallback is used.
	"""
	if price_list:
		today = nowdate()
		best = frappe.db.sql(
			"""
			select price_list_rate, currency
			from `tabItem Price`
			where item_code = %(item)s and price_list = %(price_list)s and selling = 1
				and (valid_from is null or valid_from <= %(today)s)
				and (valid_upto is null or valid_upto >= %(today)s)
			order by (ifnull(customer, '') != '') asc, (uom != %(uom)s) asc, valid_from desc, modified desc
			limit 1
			""",
			{"item": item.name, "price_list": price_list, "today": today, "uom": item.stock_uom or ""},
			as_dict=True,
		)
		if best:
			return events.price_payload(
				best[0].price_list_rate, best[0].currency, "price_list", price_list
			), None
	# The Item is a full document read from the database, so its standard_rate is the stored value.
	standard_rate = item.get("standard_rate")
	if standard_rate:
		currency = frappe.get_cached_value("Price List", price_list, "currency") if price_list else None
		if price_list:
			note = _(
				"Item {0} has no price in price list {1}; the Standard Selling Rate {2} is used."
			).format(item.name, price_list, standard_rate)
		else:
			note = _(
				"Wix Settings has no Price List, so Item {0} uses its Standard Selling Rate {1}. Set Price List in Wix Settings to take Wix prices from a price list."
			).format(item.name, standard_rate)
		return events.price_payload(standard_rate, currency, "standard_rate", None), note
	if price_list:
		note = _("Item {0} has no price in price list {1} and no Standard Selling Rate.").format(
			item.name, price_list
		)
	else:
		note = _(
			"Item {0} has no price: Wix Settings has no Price List, and the Item has no Standard Selling Rate. Set Price List in Wix Settings, or the Item's Standard Selling Rate."
		).format(item.name)
	return None, note


def image_paths(item) -> list[str]:
	"""Return the Item's image and its public image attachments; Wix cannot download private files."""
	paths = [item.image] if item.image and not item.image.startswith("/private/") else []
	attachments = frappe.db.sql(
		"""
		select file_url from `tabFile`
		where attached_to_doctype = 'Item' and attached_to_name = %s and is_private = 0 and is_folder = 0
		order by creation asc
		limit 20
		""",
		item.name,
	)
	paths.extend(url for (url,) in attachments if _is_image(url))
	return paths


def _is_image(url: str | None) -> bool:
	return bool(url) and url.lower().rsplit(".", 1)[-1] in {
		"jpg",
		"jpeg",
		"png",
		"gif",
		"webp",
		"bmp",
		"tif",
		"tiff",
	}


def mapping_for(item_code: str) -> dict | None:
	"""Return the Item's Wix Item Mapping values; a product deleted in Wix counts as no product."""
	rows = frappe.db.sql(
		f"select {', '.join(MAPPING_FIELDS)} from `tab{MAPPING_DOCTYPE}` where item = %s",
		item_code,
		as_dict=True,
	)
	mapping = rows[0] if rows else None
	if mapping and mapping.sync_status == MAPPING_DELETED_IN_WIX:
		return None
	return mapping
