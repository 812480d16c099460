import sys
from pathlib import Path

# The app is importable from the repository root through the wix_integration symlink.
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import os
import socket
import uuid

import pika
import pytest

AMQP_URL = os.environ.get("WIX_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/%2F")


def closed_local_port() -> int:
	"""Return a local TCP port that nothing listens on, by binding one and closing it again."""
	with socket.socket() as probe:
		probe.bind(("127.0.0.1", 0))
		return probe.getsockname()[1]


@pytest.fixture
def closed_amqp_url() -> str:
	return f"amqp://guest:guest@127.0.0.1:{closed_local_port()}/%2F"


@pytest.fixture
def rabbitmq():
	"""An open pika channel on the local RabbitMQ; skips the test with the reason when it is not running."""
	try:
		connection = pika.BlockingConnection(pika.URLParameters(AMQP_URL))
	except pika.exceptions.AMQPConnectionError as error:
		pytest.skip(f"RabbitMQ is not reachable at {AMQP_URL}: {error!r}")
	channel = connection.channel()
	yield channel
	if connection.is_open:
		connection.close()


@pytest.fixture
def exchange(rabbitmq):
	"""A unique topic exchange name for one test; the exchange and its queues are deleted afterwards."""
	name = f"test.wix_integration.{uuid.uuid4().hex[:12]}"
	queues: list[str] = []
	rabbitmq.exchange_declare(name, exchange_type="topic", durable=True)
	yield {"name": name, "channel": rabbitmq, "queues": queues}
	for queue in queues:
		rabbitmq.queue_delete(queue)
	rabbitmq.exchange_delete(name)


def bind_queue(exchange: dict, binding_key: str) -> str:
	"""Declare a queue bound to the test exchange and register it for deletion."""
	queue = f"{exchange['name']}.{uuid.uuid4().hex[:6]}"
	exchange["channel"].queue_declare(queue, durable=True)
	exchange["channel"].queue_bind(queue, exchange["name"], binding_key)
	exchange["queues"].append(queue)
	return queue


def drain(channel, queue: str) -> list[tuple]:
	"""Fetch and acknowledge every message waiting in `queue` as (properties, body) pairs."""
	messages = []
	while True:
		method, properties, body = channel.basic_get(queue, auto_ack=True)
		if method is None:
			return messages
		messages.append((properties, body))
