"""Publish outbox entries in order and report what became of each one.

The Frappe side loads Queued Wix Integration Log rows into OutboxEntry values and stores each
RelayOutcome back on its row. This module does not import frappe.
"""

from dataclasses import dataclass

from wix_integration.amqp_publisher import AmqpPublisher, BrokerUnavailable, PublishError


@dataclass(frozen=True)
class OutboxEntry:
	name: str
	event_id: str
	routing_key: str
	message: dict


@dataclass(frozen=True)
class RelayOutcome:
	name: str
	published: bool
	reason: str | None = None
	error: str | None = None


def relay(entries: list[OutboxEntry], publisher: AmqpPublisher) -> list[RelayOutcome]:
	"""Publish each entry and return one outcome per entry, in order.

	An unroutable or rejected message fails alone. Once the broker is unreachable, the remaining entries
	are not tried and get the same error, so a dead broker costs one connection attempt per batch.
	"""
	outcomes: list[RelayOutcome] = []
	broker_error: BrokerUnavailable | None = None
	for entry in entries:
		if broker_error is not None:
			outcomes.append(RelayOutcome(entry.name, False, broker_error.reason, str(broker_error)))
			continue
		try:
			publisher.publish(entry.routing_key, entry.message, message_id=entry.event_id)
		except BrokerUnavailable as error:
			broker_error = error
			outcomes.append(RelayOutcome(entry.name, False, error.reason, str(error)))
		except PublishError as error:
			outcomes.append(RelayOutcome(entry.name, False, error.reason, str(error)))
		else:
			outcomes.append(RelayOutcome(entry.name, True))
	return outcomes
