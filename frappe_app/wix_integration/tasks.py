"""Scheduler jobs: republish the outbox every minute and purge old log rows daily."""

import frappe
from frappe.utils import add_to_date, now_datetime

from wix_integration import outbox
from wix_integration.constants import LOG_DOCTYPE, SKIPPED, SUCCESS, SUPERSEDED
from wix_integration.settings import get_settings

# Published item events without a result for this long are republished.
STUCK_AFTER_MINUTES = 30


def republish_outbox() -> None:
	"""Publish every row still Queued, after marking noted publishes and returning stuck rows to Queued."""
	outbox.flush_published_marks()
	stuck_minutes = int(frappe.conf.get("wix_stuck_after_minutes") or STUCK_AFTER_MINUTES)
	outbox.reclaim_stuck(stuck_minutes)
	frappe.db.commit()
	# A noted row that a save has locked stays Queued and would be read again, so each row is tried once.
	tried = set()
	while True:
		names = [name for name in outbox.queued_log_names(limit=500) if name not in tried]
		if not names:
			return
		tried.update(names)
		outcomes = outbox.publish_logs(names)
		if not all(outcome.published for outcome in outcomes):
			# The rest waits for the next run; a broker that is down fails the whole batch at once.
			return


def purge_old_logs() -> None:
	"""Delete finished rows older than the retention period; Failed rows are kept for retry."""
	days = int(get_settings().log_retention_days or 30)
	cutoff = add_to_date(now_datetime(), days=-days)
	log = frappe.qb.DocType(LOG_DOCTYPE)
	(
		frappe.qb.from_(log)
		.delete()
		.where(log.status.isin([SUCCESS, SKIPPED, SUPERSEDED]))
		.where(log.modified < cutoff)
	).run()
	frappe.db.commit()
