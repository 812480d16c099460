"""Publish contract messages to the RabbitMQ exchange with pika, persistent and with publisher confirms.

One AmqpPublisher keeps one connection and channel open per process, so a publish costs one confirm
round trip and never a new TCP connection. This module does not import frappe; the worker owns the queues,
so it declares only the exchange.
"""

import json
import os
import threading
import time

import pika
import pika.exceptions

from wix_integration import contract
from wix_integration.redaction import amqp_url_for_display

APP_ID = "wix_integration"
CONTENT_TYPE = "application/json"
PERSISTENT = pika.DeliveryMode.Persistent


class PublishError(Exception):
	"""A message was not confirmed by RabbitMQ; `reason` is a stable code for the log row."""

	reason = "publish_failed"


class BrokerUnavailable(PublishError):
	reason = "broker_unavailable"


class Unroutable(PublishError):
	reason = "unroutable"


class PublishRejected(PublishError):
	reason = "rejected"


def encode_message(message: dict) -> bytes:
	return json.dumps(message, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")


def connection_parameters(url: str, connect_timeout_seconds: float) -> pika.URLParameters:
	try:
		parameters = pika.URLParameters(url)
	except Exception as error:
		raise BrokerUnavailable(f"AMQP URL {amqp_url_for_display(url)} is invalid: {error}") from error
	parameters.connection_attempts = 1
	parameters.socket_timeout = connect_timeout_seconds
	parameters.stack_timeout = connect_timeout_seconds + 1
	parameters.blocked_connection_timeout = connect_timeout_seconds + 3
	parameters.client_properties = {"connection_name": f"{APP_ID} publisher pid {os.getpid()}"}
	return parameters


class AmqpPublisher:
	"""Publish to one exchange over one reused connection; safe to share between threads.

	After a failed connection attempt, publish() raises BrokerUnavailable at once for
	`reconnect_pause_seconds`, so saves stay fast while RabbitMQ is down. The outbox republishes later.
	"""

	def __init__(
		self,
		url: str,
		exchange: str | None = None,
		*,
		exchange_type: str | None = None,
		connect_timeout_seconds: float = 2.0,
		reconnect_pause_seconds: float = 5.0,
	):
		exchange_config = contract.topology()["exchange"]
		self.url = url
		self.exchange = exchange or exchange_config["name"]
		self.exchange_type = exchange_type or exchange_config["type"]
		self.durable = bool(exchange_config.get("durable", True))
		self.connect_timeout_seconds = connect_timeout_seconds
		self.reconnect_pause_seconds = reconnect_pause_seconds
		self._connection: pika.BlockingConnection | None = None
		self._channel = None
		self._lock = threading.RLock()
		self._unavailable_until = 0.0
		self._last_error: str | None = None

	@property
	def display_url(self) -> str:
		return amqp_url_for_display(self.url)

	def publish(self, routing_key: str, message: dict, *, message_id: str | None = None) -> None:
		"""Publish `message` and wait for RabbitMQ's confirm.

		Raise Unroutable when no queue is bound for `routing_key`, PublishRejected when RabbitMQ nacks it,
		and BrokerUnavailable when the broker cannot be reached. A connection that broke while idle is
		reopened once before giving up.
		"""
		body = encode_message(message)
		properties = pika.BasicProperties(
			content_type=CONTENT_TYPE,
			content_encoding="utf-8",
			delivery_mode=PERSISTENT,
			message_id=message_id or message.get("event_id") or message.get("request_id"),
			type=message.get("type"),
			app_id=APP_ID,
			timestamp=int(time.time()),
			headers={"schema_version": message.get("schema_version")},
		)
		with self._lock:
			for attempt in (1, 2):
				channel = self._open_channel()
				try:
					channel.basic_publish(
						self.exchange, routing_key, body, properties=properties, mandatory=True
					)
					return
				except pika.exceptions.UnroutableError as error:
					raise Unroutable(
						f"RabbitMQ returned the message: no queue is bound to exchange {self.exchange!r} for "
						f"routing key {routing_key!r}; start the worker so it declares its queues"
					) from error
				except pika.exceptions.NackError as error:
					raise PublishRejected(
						f"RabbitMQ rejected the message for routing key {routing_key!r} (nack); check the broker log"
					) from error
				except (pika.exceptions.AMQPError, OSError) as error:
					self._drop_connection()
					if attempt == 2:
						raise self._unavailable(error) from error

	def ping(self) -> None:
		"""Open the connection if needed and process pending I/O; raise BrokerUnavailable on failure."""
		with self._lock:
			self._open_channel()
			try:
				self._connection.process_data_events(time_limit=0)
			except (pika.exceptions.AMQPError, OSError) as error:
				self._drop_connection()
				raise self._unavailable(error) from error

	def queue_message_counts(self, queues: list[str]) -> dict[str, int | None]:
		"""Return the ready-message count of each queue, None for a queue that does not exist.

		Each passive declare gets its own channel, because RabbitMQ closes the channel on a missing queue.
		"""
		counts: dict[str, int | None] = {}
		with self._lock:
			self._open_channel()
			for queue in queues:
				try:
					channel = self._connection.channel()
				except (pika.exceptions.AMQPError, OSError) as error:
					self._drop_connection()
					raise self._unavailable(error) from error
				try:
					counts[queue] = channel.queue_declare(queue, passive=True).method.message_count
					channel.close()
				except pika.exceptions.ChannelClosedByBroker:
					counts[queue] = None
		return counts

	def close(self) -> None:
		with self._lock:
			self._drop_connection()

	def _open_channel(self):
		if self._channel is not None and self._channel.is_open and self._connection.is_open:
			return self._channel
		self._drop_connection()
		if time.monotonic() < self._unavailable_until:
			raise BrokerUnavailable(
				f"RabbitMQ at {self.display_url} was unreachable moments ago ({self._last_error}); not retrying yet"
			)
		try:
			connection = pika.BlockingConnection(
				connection_parameters(self.url, self.connect_timeout_seconds)
			)
		except (pika.exceptions.AMQPError, OSError) as error:
			self._unavailable_until = time.monotonic() + self.reconnect_pause_seconds
			raise self._unavailable(error) from error
		try:
			channel = connection.channel()
			channel.exchange_declare(self.exchange, exchange_type=self.exchange_type, durable=self.durable)
			channel.confirm_delivery()
		except pika.exceptions.ChannelClosedByBroker as error:
			connection.close()
			raise PublishError(
				f"RabbitMQ rejected the declaration of exchange {self.exchange!r} as a durable {self.exchange_type} exchange: "
				f"{error.reply_text}; delete the exchange or fix contract/topology.json"
			) from error
		except (pika.exceptions.AMQPError, OSError) as error:
			self._unavailable_until = time.monotonic() + self.reconnect_pause_seconds
			raise self._unavailable(error) from error
		self._connection, self._channel = connection, channel
		self._unavailable_until = 0.0
		return channel

	def _unavailable(self, error: BaseException) -> BrokerUnavailable:
		detail = str(error) or type(error).__name__
		self._last_error = amqp_url_for_display(detail)
		return BrokerUnavailable(f"cannot reach RabbitMQ at {self.display_url}: {self._last_error}")

	def _drop_connection(self) -> None:
		connection, self._connection, self._channel = self._connection, None, None
		if connection is not None and connection.is_open:
			try:
				connection.close()
			except (pika.exceptions.AMQPError, OSError):
				pass


_publishers: dict[tuple[int, str, str], AmqpPublisher] = {}
_publishers_lock = threading.Lock()


def get_publisher(url: str, exchange: str | None = None) -> AmqpPublisher:
	"""Return this process's publisher for `url` and `exchange`; a forked child gets its own."""
	key = (os.getpid(), url, exchange or contract.topology()["exchange"]["name"])
	with _publishers_lock:
		publisher = _publishers.get(key)
		if publisher is None:
			publisher = _publishers[key] = AmqpPublisher(url, exchange)
		return publisher


def close_publishers() -> None:
	with _publishers_lock:
		for publisher in _publishers.values():
			publisher.close()
		_publishers.clear()
