"""The transactional outbox: a Wix Integration Log row per event, published after commit.

An event's row is inserted in the same transaction as the change that caused it, so a rollback drops
both. The row is written as already Published (Success for events that need no worker result), so the
usual save pays for no second COMMIT. After COMMIT the message goes to RabbitMQ. When that fails, the
row goes back to Queued with the reason, and tasks.republish_outbox tries again every minute. If the
process dies between COMMIT and publish, the row stays Published without a result, and
reclaim_stuck requeues it once it is older than the stuck threshold.

Events for one Item in one transaction are coalesced into a single row, because an insert runs
after_insert and on_update, and ERPNext adds an Item Price, all in that one transaction.
"""

import json

import frappe
from frappe import _
from frappe.utils import add_to_date, now_datetime

from wix_integration import events
from wix_integration.constants import (
	ITEM_DELETE,
	ITEM_EVENT_TYPES,
	ITEM_UPSERT,
	LOG_DOCTYPE,
	PROCESSING,
	PUBLISHED,
	QUEUED,
	SETTINGS_CHANGED,
	SKIPPED,
	SUCCESS,
	SUPERSEDED,
	WIX_WEBHOOK,
)
from wix_integration.item_payload import item_values, mapping_for
from wix_integration.outbox_relay import OutboxEntry, relay
from wix_integration.settings import get_settings, publisher, site_name

# Events other than item events have no worker result, so they are done once published.
DONE_WHEN_PUBLISHED = (SETTINGS_CHANGED, WIX_WEBHOOK)
OPERATION_BY_TYPE = {
	ITEM_UPSERT: "upsert",
	ITEM_DELETE: "delete",
	SETTINGS_CHANGED: "settings",
	WIX_WEBHOOK: "webhook",
}


def _transaction_state() -> frappe._dict:
	"""Return this transaction's pending rows, registering the commit and rollback callbacks once."""
	state = getattr(frappe.local, "wix_outbox", None)
	if state is None or not state.registered:
		state = frappe._dict(registered=True, pending={}, by_item={})
		frappe.local.wix_outbox = state
		frappe.db.after_commit.add(_publish_after_commit)
		frappe.db.after_rollback.add(_forget_transaction)
	return state


def _forget_transaction() -> None:
	frappe.local.wix_outbox = None


def _publish_after_commit() -> None:
	state = getattr(frappe.local, "wix_outbox", None)
	frappe.local.wix_outbox = None
	if state and state.pending:
		# The rows were built in this transaction, so they are published from memory without a query.
		publish_rows(list(state.pending.values()))


def _remember(state, name: str, message: dict, status: str) -> None:
	state.pending[name] = frappe._dict(
		name=name,
		event_id=message["event_id"],
		routing_key=events.routing_key_for(message),
		message=message,
		event_type=message["type"],
		status=status,
	)


def enqueue_item_upsert(item, trigger: str, *, reference=None, retry_of: str | None = None) -> str:
	"""Record an item.upsert event for `item` (an Item document) and return its log row's name."""
	settings = get_settings()
	values, note = item_values(item, settings)
	mapping = mapping_for(item.name)

	def build(event_id: str) -> dict:
		return events.build_item_upsert(
			event_id=event_id, site=site_name(), trigger=trigger, item=values, mapping=mapping
		)

	return _record_item_event(
		item.name, ITEM_UPSERT, build, trigger, note, reference, retry_of, mapping, values["item_version"]
	)


def enqueue_item_delete(item, trigger: str, *, retry_of: str | None = None) -> str:
	"""Record an item.delete event for an Item being deleted and return its log row's name."""
	mapping = mapping_for(item.name)
	version = events.item_version(item.modified)

	def build(event_id: str) -> dict:
		return events.build_item_delete(
			event_id=event_id,
			site=site_name(),
			trigger=trigger,
			item_code=item.name,
			item_version=version,
			mapping=mapping,
		)

	return _record_item_event(item.name, ITEM_DELETE, build, trigger, None, None, retry_of, mapping, version)


def enqueue_stored_delete(log, trigger: str) -> str:
	"""Record a new item.delete event from a stored one, for an Item that no longer exists."""
	stored = json.loads(log.payload)

	def build(event_id: str) -> dict:
		return events.build_item_delete(
			event_id=event_id,
			site=site_name(),
			trigger=trigger,
			item_code=stored["item_code"],
			item_version=stored["item_version"],
			mapping=stored["mapping"],
		)

	return _record_item_event(
		stored["item_code"],
		ITEM_DELETE,
		build,
		trigger,
		None,
		None,
		log.name,
		stored["mapping"],
		stored["item_version"],
	)


def _record_item_event(
	item_code, event_type, build, trigger, note, reference, retry_of, mapping, version
) -> str:
	state = _transaction_state()
	pending = state.by_item.get(item_code)
	if pending and pending.event_type == event_type and pending.trigger == trigger:
		# A second change to the same Item in this transaction refreshes the row that is not yet published.
		message = build(pending.event_id)
		_update_payload(pending.name, message, note, version)
		state.pending[pending.name].message = message
		return pending.name

	message = build(events.new_event_id())
	name = insert_log(
		message,
		item=item_code,
		trigger=trigger,
		note=note,
		reference=reference,
		retry_of=retry_of,
		wix_product_id=(mapping or {}).get("wix_product_id"),
		item_version=version,
	)
	supersede_older(item_code, name)
	if pending:
		state.pending.pop(pending.name, None)
	state.by_item[item_code] = frappe._dict(
		name=name, event_id=message["event_id"], event_type=event_type, trigger=trigger
	)
	_remember(state, name, message, PUBLISHED)
	return name


def enqueue_settings_changed(changed_fields: list[str]) -> str:
	message = events.build_settings_changed(
		event_id=events.new_event_id(), site=site_name(), changed_fields=changed_fields
	)
	name = insert_log(
		message, trigger="manual", note=_("Wix Settings changed: {0}").format(", ".join(changed_fields))
	)
	_remember(_transaction_state(), name, message, SUCCESS)
	return name


def enqueue_webhook_event(envelope: dict, note: str, *, item: str | None, wix_product_id: str | None) -> str:
	"""Record a verified webhook under Wix's event id; a second row for the same id raises DuplicateEntryError."""
	name = insert_log(envelope, trigger="webhook", note=note, item=item, wix_product_id=wix_product_id)
	_remember(_transaction_state(), name, envelope, SUCCESS)
	return name


def insert_log(
	message: dict,
	*,
	trigger: str,
	note: str | None = None,
	item: str | None = None,
	reference=None,
	retry_of: str | None = None,
	wix_product_id: str | None = None,
	item_version: str | None = None,
) -> str:
	"""Insert the row for an event that is published after COMMIT; see the module docstring for its status."""
	now = now_datetime()
	done = message["type"] in DONE_WHEN_PUBLISHED
	return _insert_row(
		{
			"event_id": message["event_id"],
			"event_type": message["type"],
			"operation": OPERATION_BY_TYPE[message["type"]],
			"trigger": trigger,
			"status": SUCCESS if done else PUBLISHED,
			"item": item,
			"reference_doctype": reference.doctype if reference else None,
			"reference_name": reference.name if reference else None,
			"retry_of": retry_of,
			"wix_product_id": wix_product_id,
			"item_version": item_version,
			"routing_key": events.routing_key_for(message),
			"payload": json.dumps(message, ensure_ascii=False, indent=1),
			"message": note or (_("Published") if done else _("Published to the worker")),
			"published_at": now,
			"finished_at": now if done else None,
			"publish_attempts": 1,
		}
	)


def insert_skipped_log(item_code: str, trigger: str, reason: str) -> str:
	"""Record a requested sync that the filters in Wix Settings do not allow, so the user sees why."""
	return _insert_row(
		{
			"event_id": events.new_event_id(),
			"event_type": ITEM_UPSERT,
			"operation": "upsert",
			"trigger": trigger,
			"status": SKIPPED,
			"item": item_code,
			"message": reason,
			"finished_at": now_datetime(),
		}
	)


def _insert_row(values: dict) -> str:
	"""Insert a log row with one INSERT, skipping Document.insert's hooks to keep Item saves fast.

	Raise frappe.DuplicateEntryError when the event id is already recorded.
	"""
	now = now_datetime()
	user = frappe.session.user if getattr(frappe.local, "session", None) else "Administrator"
	row = {
		"name": frappe.generate_hash(length=12),
		"creation": now,
		"modified": now,
		"owner": user,
		"modified_by": user,
		"docstatus": 0,
		"idx": 0,
		**values,
	}
	table = frappe.qb.DocType(LOG_DOCTYPE)
	try:
		frappe.qb.into(table).columns(*row).insert(*row.values()).run()
	except frappe.db.IntegrityError as error:
		if frappe.db.is_unique_key_violation(error) or frappe.db.is_primary_key_violation(error):
			raise frappe.DuplicateEntryError(LOG_DOCTYPE, values["event_id"], error) from error
		raise
	return row["name"]


def _update_payload(name: str, message: dict, note: str | None, version: str | None) -> None:
	frappe.db.set_value(
		LOG_DOCTYPE,
		name,
		{
			"payload": json.dumps(message, ensure_ascii=False, indent=1),
			"item_version": version,
			"message": note or _("Queued for the worker"),
		},
		update_modified=False,
	)


def supersede_older(item_code: str, newer: str) -> None:
	"""Mark older events of the Item that the worker has not started as Superseded by `newer`.

	A Published message may still reach the worker. It then runs before the newer one, because both are
	on the Item's shard, so Wix still ends with the newer state.
	"""
	log = frappe.qb.DocType(LOG_DOCTYPE)
	(
		frappe.qb.update(log)
		.set(log.status, SUPERSEDED)
		.set(log.superseded_by, newer)
		.set(log.message, _("Superseded by a newer change to this item"))
		.where(log.item == item_code)
		.where(log.name != newer)
		.where(log.event_type.isin(ITEM_EVENT_TYPES))
		.where(log.status.isin([QUEUED, PUBLISHED]))
	).run()


def publish_logs(names: list[str]) -> list:
	"""Publish the Queued rows among `names`, in order; used by the scheduler and by retry."""
	rows = frappe.get_all(
		LOG_DOCTYPE,
		filters={"name": ["in", list(dict.fromkeys(names))], "status": QUEUED},
		fields=["name", "event_id", "routing_key", "payload", "event_type", "status"],
		order_by="creation asc",
	)
	for row in rows:
		row.message = json.loads(row.payload)
	return publish_rows(rows)


def publish_rows(rows: list) -> list:
	"""Publish rows (name, event_id, routing_key, message, event_type, status), store failures, commit.

	Return the relay outcomes. The happy path of a row already marked Published writes nothing.
	"""
	if not rows:
		return []
	entries = [OutboxEntry(row.name, row.event_id, row.routing_key, row.message) for row in rows]
	outcomes = relay(entries, publisher())
	by_name = {row.name: row for row in rows}
	changed = False
	for outcome in outcomes:
		changed = _store_outcome(outcome, by_name[outcome.name]) or changed
	if changed:
		frappe.db.commit()
	return outcomes


def _store_outcome(outcome, row) -> bool:
	"""Store the outcome of one publish; return False when the row already records it."""
	log = frappe.qb.DocType(LOG_DOCTYPE)
	query = frappe.qb.update(log).where(log.name == row.name)
	if outcome.published and row.status != QUEUED:
		return False
	if outcome.published:
		done = row.event_type in DONE_WHEN_PUBLISHED
		now = now_datetime()
		query = (
			query.set(log.status, SUCCESS if done else PUBLISHED)
			.set(log.published_at, now)
			.set(log.finished_at, now if done else None)
			.set(log.publish_error, None)
			.set(log.publish_attempts, log.publish_attempts + 1)
			.where(log.status == QUEUED)
		)
	else:
		# An item event the worker already finished (its message got through, only the confirm was lost)
		# keeps its result.
		revertible = (
			[QUEUED, PUBLISHED, SUCCESS] if row.event_type in DONE_WHEN_PUBLISHED else [QUEUED, PUBLISHED]
		)
		query = (
			query.set(log.status, QUEUED)
			.set(log.finished_at, None)
			.set(log.publish_attempts, log.publish_attempts + (1 if row.status == QUEUED else 0))
			.set(log.publish_error, publish_error_message(outcome))
			.where(log.status.isin(revertible))
		)
	query.run()
	return True


def publish_error_message(outcome) -> str:
	"""Return the translated reason a row is still Queued; pika's own detail stays in English."""
	if outcome.reason == "unroutable":
		reason = _("no queue is bound for this routing key; start the worker so it declares its queues")
	elif outcome.reason == "rejected":
		reason = _("RabbitMQ rejected the message (nack); check the RabbitMQ log")
	else:
		reason = outcome.error
	return _("Not published yet: {0}. It is retried every minute.").format(reason)


def queued_log_names(limit: int = 500) -> list[str]:
	return frappe.get_all(
		LOG_DOCTYPE, filters={"status": QUEUED}, pluck="name", order_by="creation asc", limit=limit
	)


def reclaim_stuck(older_than_minutes: int) -> list[str]:
	"""Move item events Published or Processing for longer than the threshold back to Queued.

	The worker may have lost them (e.g. a queue purged). It deduplicates by event id, so a message it did
	process is not applied twice.
	"""
	cutoff = add_to_date(now_datetime(), minutes=-older_than_minutes)
	names = frappe.get_all(
		LOG_DOCTYPE,
		filters={
			"status": ["in", [PUBLISHED, PROCESSING]],
			"event_type": ["in", ITEM_EVENT_TYPES],
			"published_at": ["<", cutoff],
		},
		pluck="name",
		limit=500,
	)
	if names:
		log = frappe.qb.DocType(LOG_DOCTYPE)
		(
			frappe.qb.update(log)
			.set(log.status, QUEUED)
			.set(
				log.message,
				_("No result from the worker after {0} minutes; republishing").format(older_than_minutes),
			)
			.where(log.name.isin(names))
			.where(log.status.isin([PUBLISHED, PROCESSING]))
		).run()
	return names
