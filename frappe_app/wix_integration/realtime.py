"""Realtime events to the Item's form and to every Wix Manager."""

import frappe

from wix_integration.constants import (
	MANAGER_ROLE,
	REALTIME_BULK_PROGRESS,
	REALTIME_HEALTH_CHANGED,
	REALTIME_SYNC_RESULT,
)


def manager_users() -> list[str]:
	"""Return the enabled users who hold Wix Manager, plus System Managers."""
	users = frappe.get_all(
		"Has Role",
		filters={"role": ["in", [MANAGER_ROLE, "System Manager"]], "parenttype": "User"},
		pluck="parent",
		distinct=True,
	)
	enabled = (
		frappe.get_all("User", filters={"name": ["in", users], "enabled": 1}, pluck="name") if users else []
	)
	return sorted(set(enabled) | {"Administrator"})


def to_managers(event: str, message: dict) -> None:
	for user in manager_users():
		frappe.publish_realtime(event, message, user=user, after_commit=True)


def sync_result(message: dict) -> None:
	"""Send wix_sync_result to the Item's document room and to every manager."""
	frappe.publish_realtime(
		REALTIME_SYNC_RESULT, message, doctype="Item", docname=message["item_code"], after_commit=True
	)
	to_managers(REALTIME_SYNC_RESULT, message)


def bulk_progress(job_id: str, done: int, total: int, failed: int) -> None:
	to_managers(REALTIME_BULK_PROGRESS, {"job_id": job_id, "done": done, "total": total, "failed": failed})


def health_changed() -> None:
	to_managers(REALTIME_HEALTH_CHANGED, {})
