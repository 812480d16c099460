"""Confirmed publishes of Item saves, noted in Redis and written to their log rows later.

Marking the rows Published at once would cost each Item save a second COMMIT, and its log flush,
after its own. The note lives in the site's Redis cache, under a key that the persistent_cache_keys
hook keeps through frappe.clear_cache(). tasks.republish_outbox writes the noted rows as Published
before it republishes anything, and outbox.publish_logs marks a noted row instead of sending it, so
a noted row is not sent twice. A note that Redis loses costs one extra publish: the worker finds the
content unchanged and writes nothing to Wix, and apply_result keeps the first result of an event id.

Nothing is noted while the scheduler is off or the set contains MAX_NOTES names, because then no job
empties the set: the caller marks the rows at once instead.
"""

import frappe
from frappe.utils import cint

KEY = "wix_integration:published"
# An estimate of a busy minute, about 300 saves a second. The scheduler empties the set every minute.
MAX_NOTES = 20000
# Add ARGV[2..] to the set unless that would take it past ARGV[1] names; return 1 when added.
ADD_WITHIN_LIMIT = """
if redis.call('SCARD', KEYS[1]) + #ARGV - 1 > tonumber(ARGV[1]) then return 0 end
redis.call('SADD', KEYS[1], unpack(ARGV, 2))
return 1
"""


def scheduler_inactive() -> bool:
	"""Return True when no scheduler job will run, as frappe.utils.scheduler.is_scheduler_inactive decides.

	That function queries System Settings again after every commit. The cached document costs a save
	nothing, and a process that misses a change only marks its rows at once or notes a few more.
	"""
	conf = frappe.local.conf
	if conf.maintenance_mode or conf.pause_scheduler or conf.disable_scheduler:
		return True
	return not cint(frappe.get_system_settings("enable_scheduler"))


def note(names: list[str]) -> bool:
	"""Note `names` as confirmed by RabbitMQ; return False when they were not noted, so the caller marks them."""
	if not names:
		return True
	if scheduler_inactive():
		return False
	try:
		script = frappe.cache.register_script(ADD_WITHIN_LIMIT)
		return bool(script(keys=[frappe.cache.make_key(KEY)], args=[MAX_NOTES, *names]))
	except Exception:
		# Any Redis failure falls back to the UPDATE, because a cache outage must not fail the save.
		return False


def noted() -> list[str]:
	"""Return the noted log row names, sorted; none while Redis cannot be read."""
	try:
		members = frappe.cache.smembers(KEY)
	except Exception:
		# The scheduler must still republish Queued rows while the cache is down. A noted row among them
		# is then sent once more, which the worker and apply_result absorb.
		return []
	return sorted(member.decode() if isinstance(member, bytes) else member for member in members)


def forget(names: list[str]) -> None:
	"""Drop notes once their rows are committed as Published; a note left behind only repeats a no-op UPDATE."""
	if not names:
		return
	try:
		frappe.cache.srem(KEY, *names)
	except Exception:
		pass
