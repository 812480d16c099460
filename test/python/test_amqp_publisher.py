"""Publishing to the real local RabbitMQ: persistent, confirmed, mandatory; the outbox relay."""

import json
import socket
import time

import pika
import pytest
from conftest import AMQP_URL, bind_queue, drain

from wix_integration import events
from wix_integration.amqp_publisher import AmqpPublisher, BrokerUnavailable, Unroutable
from wix_integration.outbox_relay import OutboxEntry, relay


def settings_message() -> dict:
	return events.build_settings_changed(
		event_id=events.new_event_id(), site="test.local", changed_fields=["enabled"]
	)


def outbox_entry(name: str) -> OutboxEntry:
	message = settings_message()
	return OutboxEntry(name, message["event_id"], events.routing_key_for(message), message)


class TestAmqpPublisher:
	def test_publishes_persistent_message(self, exchange):
		queue = bind_queue(exchange, "settings.changed")
		publisher = AmqpPublisher(AMQP_URL, exchange["name"])
		message = settings_message()
		publisher.publish("settings.changed", message)
		publisher.close()
		[(properties, body)] = drain(exchange["channel"], queue)
		assert json.loads(body) == message
		assert properties.delivery_mode == pika.DeliveryMode.Persistent.value
		assert properties.message_id == message["event_id"]
		assert properties.content_type == "application/json"
		assert properties.type == "settings.changed"

	def test_reuses_one_connection(self, exchange):
		bind_queue(exchange, "settings.changed")
		publisher = AmqpPublisher(AMQP_URL, exchange["name"])
		publisher.publish("settings.changed", settings_message())
		first = publisher._connection
		publisher.publish("settings.changed", settings_message())
		assert publisher._connection is first
		publisher.close()

	def test_raises_unroutable_without_queue(self, exchange):
		publisher = AmqpPublisher(AMQP_URL, exchange["name"])
		with pytest.raises(Unroutable, match="no queue is bound"):
			publisher.publish("settings.changed", settings_message())
		publisher.close()

	def test_raises_broker_unavailable_fast(self, closed_amqp_url):
		publisher = AmqpPublisher(closed_amqp_url, "unused")
		started = time.monotonic()
		with pytest.raises(BrokerUnavailable, match="cannot reach RabbitMQ"):
			publisher.publish("settings.changed", settings_message())
		assert time.monotonic() - started < 2

	def test_pauses_after_failed_connect(self, closed_amqp_url):
		publisher = AmqpPublisher(closed_amqp_url, "unused", reconnect_pause_seconds=60)
		with pytest.raises(BrokerUnavailable):
			publisher.publish("settings.changed", settings_message())
		with pytest.raises(BrokerUnavailable, match="not retrying yet"):
			publisher.publish("settings.changed", settings_message())

	def test_hides_password_in_errors(self, closed_amqp_url):
		publisher = AmqpPublisher(closed_amqp_url.replace("guest:guest", "wix:s3cret-pass"), "unused")
		with pytest.raises(BrokerUnavailable) as raised:
			publisher.publish("settings.changed", settings_message())
		assert "s3cret-pass" not in str(raised.value)

	def test_reconnects_after_broker_closes_connection(self, exchange):
		queue = bind_queue(exchange, "settings.changed")
		publisher = AmqpPublisher(AMQP_URL, exchange["name"])
		publisher.publish("settings.changed", settings_message())
		# Cut the TCP connection under pika, as when the broker drops an idle connection.
		publisher._connection._impl._transport._sock.shutdown(socket.SHUT_RDWR)
		publisher.publish("settings.changed", settings_message())
		publisher.close()
		assert len(drain(exchange["channel"], queue)) == 2

	def test_counts_queue_messages(self, exchange):
		queue = bind_queue(exchange, "settings.changed")
		publisher = AmqpPublisher(AMQP_URL, exchange["name"])
		publisher.publish("settings.changed", settings_message())
		publisher.publish("settings.changed", settings_message())
		missing = f"{exchange['name']}.missing"
		counts = publisher.queue_message_counts([queue, missing])
		publisher.publish("settings.changed", settings_message())
		publisher.close()
		assert counts == {queue: 2, missing: None}


class TestOutboxRelay:
	def test_republishes_entries_kept_while_broker_down(self, exchange, closed_amqp_url):
		queue = bind_queue(exchange, "settings.changed")
		entries = [outbox_entry(f"LOG-{i}") for i in range(3)]

		down = relay(entries, AmqpPublisher(closed_amqp_url, exchange["name"]))
		assert [outcome.published for outcome in down] == [False, False, False]
		assert {outcome.reason for outcome in down} == {"broker_unavailable"}
		assert drain(exchange["channel"], queue) == []

		publisher = AmqpPublisher(AMQP_URL, exchange["name"])
		up = relay(entries, publisher)
		publisher.close()
		assert [outcome.published for outcome in up] == [True, True, True]
		received = [json.loads(body)["event_id"] for _properties, body in drain(exchange["channel"], queue)]
		assert received == [entry.event_id for entry in entries]

	def test_unroutable_entry_fails_alone(self, exchange):
		queue = bind_queue(exchange, "settings.changed")
		routed = outbox_entry("LOG-routed")
		message = events.build_item_delete(
			event_id=events.new_event_id(),
			site="test.local",
			trigger="auto",
			item_code="MUG-001",
			item_version="2026-12-04 12:00:00.000001",
			mapping=None,
		)
		unrouted = OutboxEntry("LOG-unrouted", message["event_id"], events.routing_key_for(message), message)
		publisher = AmqpPublisher(AMQP_URL, exchange["name"])
		outcomes = relay([unrouted, routed], publisher)
		publisher.close()
		assert outcomes[0].published is False
		assert outcomes[0].reason == "unroutable"
		assert "start the worker" in outcomes[0].error
		assert outcomes[1].published is True
		assert len(drain(exchange["channel"], queue)) == 1
