"""Confirmed publishes of Item saves, noted in Redis and written to their log rows later.

Marking the rows Published at once would cost each Item save a second COMMIT, and its log flush,
after its own. The note lives in the site's Redis cache, under a key that the persistent_cache_keys
hook keeps through frappe.clear_cache(). tasks.republish_outbox writes the noted rows as Published
before it republishes anything, so a noted row is not sent twice. A note that Redis loses costs one
extra publish: the worker finds the content unchanged and writes nothing to Wix, and apply_result
keeps the first result of an event id.
"""

import frappe

KEY = "wix_integration:published"


def note(names: list[str]) -> bool:
	"""Note `names` as confirmed by RabbitMQ; return False when the Redis call fails, so the caller marks them."""
	if not names:
		return True
	try:
		frappe.cache.sadd(KEY, *names)
	except Exception:
		# Any Redis failure falls back to the UPDATE, because a cache outage must not fail the save.
		return False
	return True


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
