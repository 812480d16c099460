"""Test-connection request and reply over the real local RabbitMQ, with a stand-in worker thread."""

import json
import threading
import uuid

import pika
import pytest
from conftest import AMQP_URL, bind_queue

from wix_integration import events
from wix_integration.connection_rpc import request_connection_test


def connection_request(timeout_ms: int = 2000) -> dict:
	return {
		"schema_version": 1,
		"type": "connection.test.request",
		"request_id": str(uuid.uuid4()),
		"requested_at": events.utc_timestamp(),
		"site": "test.local",
		"timeout_ms": timeout_ms,
	}


def worker_reply(request: dict, **overrides) -> dict:
	reply = {
		"schema_version": 1,
		"type": "connection.test.reply",
		"request_id": request["request_id"],
		"worker_id": "pytest-worker",
		"ok": True,
		"catalog_version": "V3",
		"checks": [{"name": "wix_auth", "ok": True, "message": "Wix accepted the API key"}],
		"finished_at": events.utc_timestamp(),
	}
	reply.update(overrides)
	return reply


class StandInWorker(threading.Thread):
	"""Consume one request from `queue` and reply on its reply_to queue with `make_reply(request)`."""

	def __init__(self, queue: str, make_reply):
		super().__init__(daemon=True)
		self.queue = queue
		self.make_reply = make_reply
		self.ready = threading.Event()
		self.received: list[dict] = []

	def run(self):
		connection = pika.BlockingConnection(pika.URLParameters(AMQP_URL))
		channel = connection.channel()

		def on_request(ch, method, properties, body):
			request = json.loads(body)
			self.received.append(request)
			reply = self.make_reply(request)
			if reply is not None:
				ch.basic_publish(
					"",
					properties.reply_to,
					json.dumps(reply).encode(),
					properties=pika.BasicProperties(correlation_id=properties.correlation_id),
				)
			ch.basic_ack(method.delivery_tag)
			ch.stop_consuming()

		channel.basic_consume(self.queue, on_request)
		self.ready.set()
		connection.call_later(10, channel.stop_consuming)
		channel.start_consuming()
		connection.close()


def start_worker(queue: str, make_reply) -> StandInWorker:
	worker = StandInWorker(queue, make_reply)
	worker.start()
	assert worker.ready.wait(5)
	return worker


class TestConnectionRpc:
	def test_returns_worker_reply(self, exchange):
		queue = bind_queue(exchange, "connection.test")
		worker = start_worker(queue, worker_reply)
		request = connection_request()
		outcome = request_connection_test(AMQP_URL, request, exchange=exchange["name"], consumer_queue=queue)
		worker.join(5)
		assert outcome.broker_ok
		assert outcome.worker_ok, outcome.worker_message
		assert outcome.reply["catalog_version"] == "V3"
		assert worker.received[0]["request_id"] == request["request_id"]

	def test_reports_rejected_credentials_as_reply(self, exchange):
		queue = bind_queue(exchange, "connection.test")
		rejected = [{"name": "wix_auth", "ok": False, "message": "Wix rejected the API key (401)"}]
		start_worker(
			queue, lambda request: worker_reply(request, ok=False, catalog_version=None, checks=rejected)
		)
		outcome = request_connection_test(AMQP_URL, connection_request(), exchange=exchange["name"])
		assert outcome.worker_ok
		assert outcome.reply["ok"] is False
		assert outcome.reply["checks"][0]["message"].startswith("Wix rejected")

	def test_reports_worker_not_running_when_unbound(self, exchange):
		outcome = request_connection_test(AMQP_URL, connection_request(), exchange=exchange["name"])
		assert outcome.broker_ok
		assert not outcome.worker_ok
		assert outcome.worker_message.startswith("Worker not running: no queue is bound")

	def test_reports_worker_not_running_without_consumer(self, exchange):
		queue = bind_queue(exchange, "connection.test")
		outcome = request_connection_test(
			AMQP_URL, connection_request(), exchange=exchange["name"], consumer_queue=queue
		)
		assert not outcome.worker_ok
		assert "has no consumer" in outcome.worker_message

	def test_times_out_without_reply(self, exchange):
		queue = bind_queue(exchange, "connection.test")
		start_worker(queue, lambda request: None)
		outcome = request_connection_test(
			AMQP_URL, connection_request(timeout_ms=300), exchange=exchange["name"]
		)
		assert not outcome.worker_ok
		assert "no reply within 300 ms" in outcome.worker_message

	def test_rejects_reply_that_breaks_contract(self, exchange):
		queue = bind_queue(exchange, "connection.test")
		start_worker(queue, lambda request: worker_reply(request, checks=[]))
		outcome = request_connection_test(AMQP_URL, connection_request(), exchange=exchange["name"])
		assert not outcome.worker_ok
		assert "invalid reply" in outcome.worker_message

	def test_reports_unreachable_broker(self, closed_amqp_url):
		outcome = request_connection_test(closed_amqp_url, connection_request())
		assert not outcome.broker_ok
		assert outcome.broker_message.startswith("Cannot reach RabbitMQ")

	def test_rejects_invalid_request(self):
		with pytest.raises(ValueError, match="timeout_ms"):
			request_connection_test(AMQP_URL, connection_request(timeout_ms=5))
