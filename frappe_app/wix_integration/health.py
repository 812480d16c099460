"""The figures behind the admin health endpoint: broker, worker heartbeat, totals and history."""

from datetime import datetime, timedelta

import frappe
from frappe.utils import add_to_date, get_datetime, get_system_timezone, now_datetime

from wix_integration import contract
from wix_integration.amqp_publisher import PublishError
from wix_integration.constants import (
	FAILED,
	ITEM_EVENT_TYPES,
	LOG_DOCTYPE,
	MAPPING_DOCTYPE,
	MAPPING_FAILED,
	MAPPING_SYNCED,
	PENDING_STATUSES,
	QUEUED,
	SUCCESS,
)
from wix_integration.settings import get_settings, publisher

HEARTBEAT_CACHE_KEY = "wix_integration:worker_heartbeat"
# The worker sends a heartbeat every 15 seconds; three missed ones mean it is gone.
HEARTBEAT_ALIVE_SECONDS = 45
RECENT_FIELDS = [
	"name",
	"item",
	"status",
	"operation",
	"trigger",
	"message",
	"publish_error",
	"modified",
	"wix_product_id",
]


def store_heartbeat(heartbeat: dict) -> None:
	frappe.cache.set_value(
		HEARTBEAT_CACHE_KEY,
		{"heartbeat": heartbeat, "received_at": now_datetime().isoformat()},
		expires_in_sec=24 * 3600,
	)


def worker_status() -> dict:
	stored = frappe.cache.get_value(HEARTBEAT_CACHE_KEY)
	if not stored:
		return {"alive": False, "heartbeat_age_seconds": None, "worker_id": None, "catalog_version": None}
	age = (now_datetime() - get_datetime(stored["received_at"])).total_seconds()
	heartbeat = stored["heartbeat"]
	return {
		"alive": age <= HEARTBEAT_ALIVE_SECONDS,
		"heartbeat_age_seconds": round(age, 1),
		"worker_id": heartbeat.get("worker_id"),
		"catalog_version": heartbeat.get("catalog_version"),
	}


def broker_status() -> tuple[dict, int | None]:
	"""Return the broker's reachability and the messages waiting in the worker's item queues.

	The depth is None when the broker is unreachable or no worker has declared its queues yet.
	"""
	try:
		counts = publisher().queue_message_counts(worker_item_queues())
	except PublishError as error:
		return {"reachable": False, "error": str(error)}, None
	known = [count for count in counts.values() if count is not None]
	return {"reachable": True, "error": None}, (sum(known) if known else None)


def worker_item_queues() -> list[str]:
	"""Return the worker's per-shard item queues, named `<exchange>.items.<shard>` by the worker."""
	topology = contract.topology()
	return [f"{topology['exchange']['name']}.items.{shard}" for shard in range(topology["item_shards"])]


def success_rate(since: datetime) -> float | None:
	"""Return Success / (Success + Failed) of item events finished since `since`, or None when there were none."""
	counts = dict(
		frappe.get_all(
			LOG_DOCTYPE,
			filters={
				"status": ["in", [SUCCESS, FAILED]],
				"event_type": ["in", ITEM_EVENT_TYPES],
				"finished_at": [">=", since],
			},
			fields=["status", "count(name) as total"],
			group_by="status",
			as_list=True,
		)
	)
	finished = counts.get(SUCCESS, 0) + counts.get(FAILED, 0)
	return round(counts.get(SUCCESS, 0) / finished, 4) if finished else None


def hourly(now: datetime) -> list[dict]:
	"""Return 24 rows of Success and Failed counts per hour, oldest first, ending with the current hour."""
	current_hour = now.replace(minute=0, second=0, microsecond=0)
	start = current_hour - timedelta(hours=23)
	rows = frappe.get_all(
		LOG_DOCTYPE,
		filters={
			"status": ["in", [SUCCESS, FAILED]],
			"event_type": ["in", ITEM_EVENT_TYPES],
			"finished_at": [">=", start],
		},
		fields=["status", "finished_at"],
		limit=100_000,
	)
	buckets = {start + timedelta(hours=i): {"success": 0, "failed": 0} for i in range(24)}
	for row in rows:
		hour = get_datetime(row.finished_at).replace(minute=0, second=0, microsecond=0)
		if hour in buckets:
			buckets[hour]["success" if row.status == SUCCESS else "failed"] += 1
	return [{"hour": _iso_with_zone(hour), **counts} for hour, counts in buckets.items()]


def _iso_with_zone(moment: datetime) -> str:
	from zoneinfo import ZoneInfo

	return moment.replace(tzinfo=ZoneInfo(get_system_timezone())).isoformat()


def health() -> dict:
	settings = get_settings()
	now = now_datetime()
	pending = frappe.db.count(
		LOG_DOCTYPE, {"status": ["in", PENDING_STATUSES], "event_type": ["in", ITEM_EVENT_TYPES]}
	)
	last = frappe.get_all(
		LOG_DOCTYPE,
		filters={"status": ["in", [SUCCESS, FAILED]], "event_type": ["in", ITEM_EVENT_TYPES]},
		fields=["item", "status", "finished_at"],
		order_by="finished_at desc",
		limit=1,
	)
	recent = frappe.get_all(LOG_DOCTYPE, fields=RECENT_FIELDS, order_by="modified desc", limit=20)
	for row in recent:
		if row.status == QUEUED and row.publish_error:
			row.message = row.publish_error
		row.pop("publish_error")
	broker, queue_depth = broker_status()
	return {
		"enabled": bool(settings.enabled),
		"broker": broker,
		"queue_depth": queue_depth,
		"worker": worker_status(),
		"success_rate": {
			"24h": success_rate(add_to_date(now, hours=-24)),
			"7d": success_rate(add_to_date(now, days=-7)),
		},
		"totals": {
			"synced": frappe.db.count(MAPPING_DOCTYPE, {"sync_status": MAPPING_SYNCED}),
			"failed": frappe.db.count(MAPPING_DOCTYPE, {"sync_status": MAPPING_FAILED}),
			"pending": pending,
		},
		"last_sync": {"item_code": last[0].item, "status": last[0].status, "at": str(last[0].finished_at)}
		if last
		else None,
		"recent": [{**row, "modified": str(row.modified)} for row in recent],
		"hourly": hourly(now),
	}
