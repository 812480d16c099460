"""Bulk sync: publish an item.upsert event for every Item that matches, in batches, with progress."""

import frappe
from frappe import _

from wix_integration import outbox, realtime
from wix_integration.constants import ITEM_SYNC_ENABLED_FIELD
from wix_integration.settings import get_settings

BATCH_SIZE = 100
# Item filters a caller may pass to bulk_sync, besides the filters Wix Settings applies anyway.
ALLOWED_FILTERS = ("item_group", "brand", "item_code", "modified_after", "only_unsynced")


def validate_filters(filters: dict) -> dict:
	unknown = sorted(set(filters) - set(ALLOWED_FILTERS))
	if unknown:
		frappe.throw(
			_("Unknown bulk sync filter {0}; use {1}.").format(
				", ".join(unknown), ", ".join(ALLOWED_FILTERS)
			),
			frappe.ValidationError,
		)
	return filters


def matching_items(filters: dict) -> list[str]:
	"""Return the Item codes that the filters and Wix Settings select, in name order."""
	settings = get_settings()
	item_meta = frappe.get_meta("Item")
	conditions: dict = {"has_variants": 0}
	if item_meta.has_field(ITEM_SYNC_ENABLED_FIELD):
		conditions[ITEM_SYNC_ENABLED_FIELD] = 1
	if settings.sales_items_only:
		conditions["is_sales_item"] = 1
	if settings.skip_disabled_items:
		conditions["disabled"] = 0

	allowed_groups = item_groups_within(settings.item_group, filters.get("item_group"))
	if allowed_groups is not None:
		# An empty intersection must match nothing, and "in" with an empty list would match everything.
		conditions["item_group"] = ["in", sorted(allowed_groups) or [""]]

	if filters.get("brand"):
		conditions["brand"] = filters["brand"]
	if filters.get("item_code"):
		conditions["name"] = ["like", f"%{filters['item_code']}%"]
	if filters.get("modified_after"):
		conditions["modified"] = [">", filters["modified_after"]]
	if filters.get("only_unsynced") and item_meta.has_field("wix_sync_status"):
		conditions["wix_sync_status"] = ["!=", "Synced"]
	return frappe.get_all("Item", filters=conditions, pluck="name", order_by="name asc")


def item_groups_within(*roots: str | None) -> set[str] | None:
	"""Return the Item Groups inside every given root (each with its subgroups), or None for no root."""
	allowed = None
	for root in roots:
		if not root:
			continue
		bounds = frappe.db.get_value("Item Group", root, ["lft", "rgt"], as_dict=True)
		if not bounds:
			frappe.throw(_("Item Group {0} does not exist.").format(root), frappe.DoesNotExistError)
		subgroups = set(
			frappe.get_all(
				"Item Group", filters={"lft": [">=", bounds.lft], "rgt": ["<=", bounds.rgt]}, pluck="name"
			)
		)
		allowed = subgroups if allowed is None else allowed & subgroups
	return allowed


def run_bulk_sync(bulk_job_id: str, item_codes: list[str]) -> None:
	"""Background job: record and publish the events a batch at a time, reporting progress after each."""
	total = len(item_codes)
	done = failed = 0
	for start in range(0, total, BATCH_SIZE):
		for item_code in item_codes[start : start + BATCH_SIZE]:
			try:
				outbox.enqueue_item_upsert(frappe.get_doc("Item", item_code), "bulk")
			except Exception:
				failed += 1
				frappe.log_error(title=_("Wix bulk sync could not queue Item {0}").format(item_code))
			done += 1
		# Committing publishes this batch (outbox after-commit) before the next one is read.
		frappe.db.commit()
		realtime.bulk_progress(bulk_job_id, done, total, failed)
		frappe.db.commit()
	realtime.health_changed()
	frappe.db.commit()
