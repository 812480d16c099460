"""Ask a worker over RabbitMQ to test the Wix connection, as a request and reply with a timeout.

The request goes to the exchange with routing key `connection.test`, `reply_to` set to RabbitMQ's
direct reply-to pseudo-queue and a fresh `correlation_id`. This module does not import frappe.
"""

import json
import time
from dataclasses import dataclass, field

import pika
import pika.exceptions

from wix_integration import contract
from wix_integration.amqp_publisher import connection_parameters, encode_message
from wix_integration.redaction import amqp_url_for_display

DIRECT_REPLY_TO = "amq.rabbitmq.reply-to"


@dataclass
class RpcOutcome:
	"""Outcome of a connection test over RabbitMQ: the broker and worker checks, and the worker's reply."""

	broker_ok: bool
	broker_message: str
	broker_error: str = ""
	worker_ok: bool = False
	worker_message: str = ""
	# Stable code for worker_message, with the values in it, so a caller can show a translated message:
	# queue_missing, no_consumer, unbound, channel_closed, invalid_reply, timeout or replied.
	worker_reason: str = ""
	worker_details: dict = field(default_factory=dict)
	reply: dict | None = None
	reply_errors: list[str] = field(default_factory=list)


def request_connection_test(
	url: str,
	request: dict,
	*,
	exchange: str | None = None,
	consumer_queue: str | None = None,
	connect_timeout_seconds: float = 2.0,
) -> RpcOutcome:
	"""Publish a connection-test request and wait up to its `timeout_ms` for the matching reply.

	When `consumer_queue` is given, a queue without consumers is reported as "worker not running" at once.
	"""
	contract.validate("connection-test-request", request)
	exchange = exchange or contract.topology()["exchange"]["name"]
	routing_key = contract.routing_key("connection.test.request")
	display_url = amqp_url_for_display(url)
	try:
		connection = pika.BlockingConnection(connection_parameters(url, connect_timeout_seconds))
	except (pika.exceptions.AMQPError, OSError) as error:
		detail = amqp_url_for_display(str(error) or type(error).__name__)
		return RpcOutcome(False, f"Cannot reach RabbitMQ at {display_url}: {detail}", broker_error=detail)
	try:
		outcome = RpcOutcome(True, f"RabbitMQ at {display_url} accepted the connection")
		if consumer_queue and not _has_consumers(connection, consumer_queue, outcome):
			return outcome
		_exchange_round_trip(connection, exchange, routing_key, request, outcome)
		return outcome
	finally:
		if connection.is_open:
			connection.close()


def _has_consumers(connection, queue: str, outcome: RpcOutcome) -> bool:
	channel = connection.channel()
	try:
		consumers = channel.queue_declare(queue, passive=True).method.consumer_count
	except pika.exceptions.ChannelClosedByBroker:
		outcome.worker_message = f"Worker not running: queue {queue!r} does not exist; start the worker"
		outcome.worker_reason, outcome.worker_details = "queue_missing", {"queue": queue}
		return False
	channel.close()
	if consumers == 0:
		outcome.worker_message = f"Worker not running: queue {queue!r} has no consumer; start the worker"
		outcome.worker_reason, outcome.worker_details = "no_consumer", {"queue": queue}
		return False
	return True


def _exchange_round_trip(
	connection, exchange: str, routing_key: str, request: dict, outcome: RpcOutcome
) -> None:
	channel = connection.channel()
	exchange_config = contract.topology()["exchange"]
	channel.exchange_declare(
		exchange, exchange_type=exchange_config["type"], durable=exchange_config["durable"]
	)
	channel.confirm_delivery()
	replies: list[dict] = []
	correlation_id = request["request_id"]

	def on_reply(_channel, _method, properties, body):
		if properties.correlation_id != correlation_id:
			return
		try:
			replies.append(json.loads(body))
		except ValueError:
			outcome.reply_errors.append("the worker's reply is not JSON")

	# The consumer on the reply-to pseudo-queue must exist before the request is published.
	channel.basic_consume(DIRECT_REPLY_TO, on_reply, auto_ack=True)
	properties = pika.BasicProperties(
		content_type="application/json",
		correlation_id=correlation_id,
		reply_to=DIRECT_REPLY_TO,
		message_id=correlation_id,
		type=request["type"],
		expiration=str(request["timeout_ms"]),
	)
	try:
		channel.basic_publish(
			exchange, routing_key, encode_message(request), properties=properties, mandatory=True
		)
	except pika.exceptions.UnroutableError:
		outcome.worker_message = f"Worker not running: no queue is bound to exchange {exchange!r} for {routing_key!r}; start the worker"
		outcome.worker_reason, outcome.worker_details = (
			"unbound",
			{"exchange": exchange, "routing_key": routing_key},
		)
		return
	except pika.exceptions.ChannelClosedByBroker as error:
		outcome.worker_message = (
			f"RabbitMQ closed the channel while publishing the request: {error.reply_text}"
		)
		outcome.worker_reason, outcome.worker_details = "channel_closed", {"detail": error.reply_text}
		return
	deadline = time.monotonic() + request["timeout_ms"] / 1000
	while not replies and not outcome.reply_errors and time.monotonic() < deadline:
		connection.process_data_events(time_limit=min(0.1, max(0.0, deadline - time.monotonic())))
	if outcome.reply_errors:
		outcome.worker_message = "The worker sent an invalid reply: " + "; ".join(outcome.reply_errors)
		outcome.worker_reason, outcome.worker_details = (
			"invalid_reply",
			{"detail": "; ".join(outcome.reply_errors)},
		)
		return
	if not replies:
		outcome.worker_message = f"Worker not running: no reply within {request['timeout_ms']} ms; start the worker or check its log"
		outcome.worker_reason, outcome.worker_details = "timeout", {"timeout_ms": request["timeout_ms"]}
		return
	reply = replies[0]
	errors = contract.validation_errors("connection-test-reply", reply)
	if errors:
		outcome.reply_errors = errors
		outcome.worker_message = "The worker sent an invalid reply: " + "; ".join(errors)
		outcome.worker_reason, outcome.worker_details = "invalid_reply", {"detail": "; ".join(errors)}
		return
	outcome.worker_ok = True
	outcome.worker_message = f"Worker {reply['worker_id']} replied"
	outcome.worker_reason, outcome.worker_details = "replied", {"worker_id": reply["worker_id"]}
	outcome.reply = reply
