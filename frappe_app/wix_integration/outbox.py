"""The transactional outbox: a Wix Integration Log row per event, published after commit.

An event's row is inserted with status Queued in the same transaction as the change that caused it, so
a rollback drops both. After COMMIT the message goes to RabbitMQ with publisher confirms. One UPDATE
marks the confirmed rows Published (Success for events that need no worker result), committed at once,
except after an automatic Item save: there the confirmed names are noted in Redis (published_marks) and
tasks.republish_outbox writes them within a minute, so the save pays no second COMMIT. When the publish
fails, the row stays Queued with the reason, and that job tries again every minute. A process that dies
between COMMIT and publish leaves the row Queued, so that job publishes it once it is a minute old.

The worker may report a result before the Published UPDATE runs. That UPDATE changes only rows still
Queued, so a Success or Failed row never goes back to Published.

Events for one Item in one transaction are coalesced into a single row, because an insert runs
after_insert and on_update, and ERPNext adds an Item Price, all in that one transaction.
"""

import json

import frappe
from frappe import _
from frappe.utils import add_to_date, now_datetime

from wix_integration import events, published_marks
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

# How long the scheduler waits before it publishes a row that no publish has tried, in case the
# after-commit callback of its transaction is still publishing it. 100 publishes with confirms,
# a bulk sync batch, took 0.03 s against the local broker here.
UNTRIED_GRACE_SECONDS = 60
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
		rows = list(state.pending.values())
		# A manual sync returns the row's status to the user, so only automatic events are marked later.
		mark_later = all(
			row.event_type in ITEM_EVENT_TYPES and row.message.get("trigger") == "auto" for row in rows
		)
		publish_rows(rows, commit=_commit_without_callbacks, mark_later=mark_later)


def _commit_without_callbacks() -> None:
	"""COMMIT the status UPDATE from inside frappe.db.after_commit.

	frappe.db.commit() would run the commit callbacks again, in the middle of the queue being run, and
	reset the after_rollback callbacks of the transaction that follows. The new transaction contains
	only this UPDATE, because commit() begins it just before it runs the callbacks.
	"""
	frappe.db.sql("commit")
	frappe.db.begin()


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
	_remember(state, name, message, QUEUED)
	return name


def enqueue_settings_changed(changed_fields: list[str]) -> str:
	message = events.build_settings_changed(
		event_id=events.new_event_id(), site=site_name(), changed_fields=changed_fields
	)
	name = insert_log(
		message, trigger="manual", note=_("Wix Settings changed: {0}").format(", ".join(changed_fields))
	)
	_remember(_transaction_state(), name, message, QUEUED)
	return name


def enqueue_webhook_event(envelope: dict, note: str, *, item: str | None, wix_product_id: str | None) -> str:
	"""Record a verified webhook under Wix's event id; a second row for the same id raises DuplicateEntryError."""
	name = insert_log(envelope, trigger="webhook", note=note, item=item, wix_product_id=wix_product_id)
	_remember(_transaction_state(), name, envelope, QUEUED)
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
	"""Insert the Queued row of an event that is published after COMMIT."""
	return _insert_row(
		{
			"event_id": message["event_id"],
			"event_type": message["type"],
			"operation": OPERATION_BY_TYPE[message["type"]],
			"trigger": trigger,
			"status": QUEUED,
			"item": item,
			"reference_doctype": reference.doctype if reference else None,
			"reference_name": reference.name if reference else None,
			"retry_of": retry_of,
			"wix_product_id": wix_product_id,
			"item_version": item_version,
			"routing_key": events.routing_key_for(message),
			"payload": _payload_json(message),
			"message": note or _queued_text(),
			"publish_attempts": 0,
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

	The row gets what Document.insert would give it: a hash name (the DocType's autoname), owner,
	timestamps, and the DocType's defaults for the fields not in `values`. Raise
	frappe.DuplicateEntryError when the event id is already recorded.
	"""
	now = now_datetime()
	user = frappe.session.user if getattr(frappe.local, "session", None) else "Administrator"
	row = {
		**_log_defaults(),
		"name": frappe.generate_hash(length=12),
		"creation": now,
		"modified": now,
		"owner": user,
		"modified_by": user,
		"docstatus": 0,
		"idx": 0,
		**values,
	}
	columns = ", ".join(f"`{column}`" for column in row)
	placeholders = ", ".join(["%s"] * len(row))
	try:
		frappe.db.sql(
			f"insert into `tab{LOG_DOCTYPE}` ({columns}) values ({placeholders})", tuple(row.values())
		)
	except frappe.db.IntegrityError as error:
		if frappe.db.is_unique_key_violation(error) or frappe.db.is_primary_key_violation(error):
			raise frappe.DuplicateEntryError(LOG_DOCTYPE, values["event_id"], error) from error
		raise
	return row["name"]


def _log_defaults() -> dict:
	"""Return the DocType's field defaults, read once per request from its cached meta."""
	defaults = getattr(frappe.local, "wix_log_defaults", None)
	if defaults is None:
		defaults = {
			field.fieldname: field.default
			for field in frappe.get_meta(LOG_DOCTYPE).fields
			if field.default is not None
			and field.fieldtype not in ("Section Break", "Column Break", "Tab Break")
		}
		frappe.local.wix_log_defaults = defaults
	return defaults


def _payload_json(message: dict) -> str:
	return json.dumps(message, ensure_ascii=False, indent=1)


def _queued_text() -> str:
	return _("Queued for the worker")


def _update_payload(name: str, message: dict, note: str | None, version: str | None) -> None:
	frappe.db.sql(
		f"update `tab{LOG_DOCTYPE}` set payload = %s, item_version = %s, message = %s where name = %s",
		(_payload_json(message), version, note or _queued_text(), name),
	)


def supersede_older(item_code: str, newer: str) -> None:
	"""Mark older events of the Item that the worker has not started as Superseded by `newer`.

	A Published message may still reach the worker. It then runs before the newer one, because both are
	on the Item's shard, so Wix still ends with the newer state.
	"""
	# A plain SELECT takes no locks, and the UPDATE then locks only those rows by primary key. One UPDATE
	# on the item index took next-key locks that deadlocked with concurrent saves of other Items.
	older = frappe.db.sql_list(
		f"""
		select name from `tab{LOG_DOCTYPE}`
		where item = %(item)s and name != %(newer)s and event_type in %(types)s and status in %(pending)s
		""",
		{"item": item_code, "newer": newer, "types": ITEM_EVENT_TYPES, "pending": (QUEUED, PUBLISHED)},
	)
	if not older:
		return
	frappe.db.sql(
		f"""
		update `tab{LOG_DOCTYPE}` set status = %(superseded)s, superseded_by = %(newer)s, message = %(message)s
		where name in %(older)s and status in %(pending)s
		""",
		{
			"superseded": SUPERSEDED,
			"newer": newer,
			"message": _("Superseded by a newer change to this item"),
			"older": tuple(older),
			"pending": (QUEUED, PUBLISHED),
		},
	)


def publish_logs(names: list[str]) -> list:
	"""Publish the Queued rows among `names`, in order; used by the scheduler and by retry.

	A row whose publish is noted in Redis was confirmed by RabbitMQ after its save and only waits for
	flush_published_marks, so it is marked Published and not sent again. Such a row is Queued when a
	long transaction commits while the scheduler job runs, or when a user retries it from the log.
	"""
	rows = frappe.get_all(
		LOG_DOCTYPE,
		filters={"name": ["in", list(dict.fromkeys(names))], "status": QUEUED},
		fields=["name", "event_id", "routing_key", "payload", "event_type", "status"],
		order_by="creation asc",
	)
	confirmed = set(published_marks.noted()).intersection(row.name for row in rows)
	if confirmed:
		# A row that a save has locked stays Queued for flush_published_marks; it is not sent either.
		_mark_noted_published(sorted(confirmed))
		rows = [row for row in rows if row.name not in confirmed]
		if not rows:
			frappe.db.commit()
	for row in rows:
		row.message = json.loads(row.payload)
	return publish_rows(rows)


def publish_rows(rows: list, *, commit=None, mark_later: bool = False) -> list:
	"""Publish Queued rows (name, event_id, routing_key, message, event_type), store the outcomes, commit.

	Confirmed rows become Published in one UPDATE, or with `mark_later` are noted in Redis for
	flush_published_marks; failed rows stay Queued with the reason. `commit` defaults to
	frappe.db.commit and runs only when a row was written. Return the relay outcomes.
	"""
	if not rows:
		return []
	entries = [OutboxEntry(row.name, row.event_id, row.routing_key, row.message) for row in rows]
	# NOTE: pika's BlockingChannel waits for each confirm, so N rows cost N round trips. A save's
	# transaction has one row per Item because events are coalesced, so a save pays one.
	outcomes = relay(entries, publisher())
	confirmed = [outcome.name for outcome in outcomes if outcome.published]
	wrote = bool(confirmed) and not (mark_later and published_marks.note(confirmed))
	if wrote:
		_mark_published(confirmed)
	event_types = {row.name: row.event_type for row in rows}
	unheard = [
		outcome.name
		for outcome in outcomes
		if outcome.reason == "unroutable" and event_types[outcome.name] == SETTINGS_CHANGED
	]
	_mark_unheard_settings(unheard)
	failures: dict[str, list[str]] = {}
	for outcome in outcomes:
		if not outcome.published and outcome.name not in unheard:
			failures.setdefault(publish_error_message(outcome), []).append(outcome.name)
	for error, names in failures.items():
		_mark_failed(names, error)
	if wrote or unheard or failures:
		(commit or frappe.db.commit)()
	return outcomes


def _mark_unheard_settings(names: list[str]) -> None:
	"""Mark settings.changed rows that no queue was bound for Skipped, so they are not republished forever.

	Only a running worker binds that queue, and a worker that starts later reads the settings then.
	"""
	if not names:
		return
	frappe.db.sql(
		f"""
		update `tab{LOG_DOCTYPE}`
		set status = %(skipped)s, finished_at = %(now)s, message = %(message)s,
			publish_attempts = publish_attempts + 1
		where name in %(names)s and status = %(queued)s
		""",
		{
			"skipped": SKIPPED,
			"now": now_datetime(),
			"message": _(
				"No worker was running to hear this settings change; a worker reads the settings when it starts."
			),
			"names": tuple(names),
			"queued": QUEUED,
		},
	)


def flush_published_marks() -> list[str]:
	"""Write the publishes noted in Redis to their rows as Published, commit, and return the names done.

	A row that another transaction has locked, usually a save that supersedes it, is skipped and keeps
	its note for the next run. Waiting for the lock could deadlock with a save of several Items (a
	template Item and its variants, say), and MariaDB would then roll back the save.
	"""
	done = _mark_noted_published(published_marks.noted())
	frappe.db.commit()
	published_marks.forget(done)
	return done


def _mark_noted_published(names: list[str]) -> list[str]:
	"""Mark noted rows Published without waiting for a lock; return the names whose notes are done.

	Those are the rows marked, or already past Queued, and the names of rows that no longer exist
	(purged, or the app reinstalled). A row that another transaction has locked is left out.
	"""
	done = []
	for start in range(0, len(names), 500):
		chunk = tuple(names[start : start + 500])
		query = f"select name from `tab{LOG_DOCTYPE}` where name in %(names)s"
		existing = set(frappe.db.sql_list(query, {"names": chunk}))
		free = set(frappe.db.sql_list(f"{query} for update skip locked", {"names": chunk}))
		_mark_published(sorted(free))
		done.extend(name for name in chunk if name in free or name not in existing)
	return done


def _mark_published(names: list[str]) -> None:
	"""Mark confirmed rows Published, or Success for events that need no worker result.

	Only rows still Queued change: a result the worker reported first, or a newer event that superseded
	the row, wins.
	"""
	if not names:
		return
	now = now_datetime()
	frappe.db.sql(
		f"""
		update `tab{LOG_DOCTYPE}`
		set status = if(event_type in %(done)s, %(success)s, %(published)s),
			finished_at = if(event_type in %(done)s, %(now)s, finished_at),
			message = if(message = %(queued_text)s,
				if(event_type in %(done)s, %(done_text)s, %(published_text)s), message),
			published_at = %(now)s, publish_error = null, publish_attempts = publish_attempts + 1
		where name in %(names)s and status = %(queued)s
		""",
		{
			"done": DONE_WHEN_PUBLISHED,
			"success": SUCCESS,
			"published": PUBLISHED,
			"queued": QUEUED,
			"now": now,
			"queued_text": _queued_text(),
			"done_text": _("Published"),
			"published_text": _("Published to the worker"),
			"names": tuple(names),
		},
	)


def _mark_failed(names: list[str], error: str) -> None:
	"""Keep rows Queued with the reason they were not published; rows already past Queued keep their state."""
	frappe.db.sql(
		f"""
		update `tab{LOG_DOCTYPE}` set publish_error = %(error)s, publish_attempts = publish_attempts + 1
		where name in %(names)s and status = %(queued)s
		""",
		{"error": error, "names": tuple(names), "queued": QUEUED},
	)


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
	"""Return the Queued rows for the scheduler to publish, oldest first.

	A row that no publish has tried yet may belong to a transaction whose after-commit callback is
	publishing it at this moment, e.g. a bulk sync batch of 100. Such a row is left alone until it is
	UNTRIED_GRACE_SECONDS old, so a row whose process died after COMMIT goes out one run later.
	"""
	untried_before = add_to_date(now_datetime(), seconds=-UNTRIED_GRACE_SECONDS)
	log = frappe.qb.DocType(LOG_DOCTYPE)
	return (
		frappe.qb.from_(log)
		.select(log.name)
		.where(log.status == QUEUED)
		.where((log.publish_attempts > 0) | (log.creation < untried_before))
		.orderby(log.creation)
		.limit(limit)
	).run(pluck=True)


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
