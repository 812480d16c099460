// Secret leak scan. A real worker process runs with canary credentials through the paths that tend
// to print them: Wix rejecting the key, Wix 5xx, Frappe unreachable, the broker restarting and a
// validation failure. Every log line, result, heartbeat, parked message and HTTP body is then
// searched for the canaries. Authorization headers are the only place the keys may appear.
import { randomBytes, randomUUID } from "node:crypto";

import amqp, { type ChannelModel, type ConfirmChannel } from "amqplib";
import { expect } from "chai";

import { topologyNames } from "../../worker/src/amqp/names.js";
import { publishItemEvent } from "../../worker/src/amqp/publish.js";
import { declareTopology } from "../../worker/src/amqp/topology.js";
import { startSandbox, type Sandbox } from "../../worker/src/sandbox/index.js";
import { makeItem, upsertEvent } from "../faults/catalog.js";
import { startRecordingProxy, type RecordingProxy } from "../faults/recording-proxy.js";
import { spawnWorker, type WorkerProcess } from "../faults/worker-process.js";
import { startFrappeWriteback, type FrappeWriteback } from "../support/frappe-writeback.js";
import { findRabbitServer, startRabbitNode, type RabbitNode } from "../support/rabbit-node.js";
import { skipBecause } from "../support/skip.js";
import { sandboxWorkerConfig } from "../support/worker-config.js";

const canary = (label: string) => `${label}-${randomBytes(12).toString("hex")}`;
const WIX_API_KEY = `IST.${canary("canary-wix-key")}`;
const WRONG_WIX_API_KEY = `IST.${canary("canary-wrong-wix-key")}`;
const FRAPPE_API_KEY = canary("canary-frappe-key");
const FRAPPE_API_SECRET = canary("canary-frappe-secret");
const AMQP_PASSWORD = canary("canary-amqp-pass");
const SECRETS = {
  "Wix API key": WIX_API_KEY,
  "rejected Wix API key": WRONG_WIX_API_KEY,
  "Frappe API key": FRAPPE_API_KEY,
  "Frappe API secret": FRAPPE_API_SECRET,
  "AMQP password": AMQP_PASSWORD,
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function leaks(where: string, text: string): string[] {
  const found: string[] = [];
  for (const [name, secret] of Object.entries(SECRETS)) {
    const at = text.indexOf(secret);
    if (at >= 0)
      found.push(`${name} in ${where}: …${text.slice(Math.max(0, at - 80), at)}<SECRET>`);
  }
  return found;
}

function withoutAuthorization(headers: Record<string, unknown>): Record<string, unknown> {
  const copy = { ...headers };
  delete copy.authorization;
  return copy;
}

describe("secret handling", function () {
  this.timeout(240_000);
  const namespace = `wix_secrets_${randomBytes(3).toString("hex")}`;
  let broker: RabbitNode;
  let sandbox: Sandbox;
  let proxy: RecordingProxy;
  let writeback: FrappeWriteback;
  let worker: WorkerProcess;
  let connection: ChannelModel | null = null;
  let channel: ConfirmChannel;
  const parkedBodies: string[] = [];
  let metricsText = "";
  let healthText = "";
  let amqpUrl = "";

  const config = (apiKey: string) =>
    sandboxWorkerConfig(sandbox, {
      api_key: apiKey,
      wix_base_url: proxy.url,
      retry_attempts: 1,
      request_timeout_ms: 2000,
      log_level: "debug",
    });

  async function openChannel(): Promise<void> {
    connection = await amqp.connect(amqpUrl);
    channel = await connection.createConfirmChannel();
  }

  async function publishItems(from: number, count: number, revision: number): Promise<string[]> {
    const ids: string[] = [];
    for (let index = from; index < from + count; index++) {
      const event = upsertEvent(makeItem(index, revision));
      ids.push(event.event_id);
      await publishItemEvent(channel, namespace, event);
    }
    return ids;
  }

  async function waitForResults(ids: string[], timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline && ids.some((id) => !writeback.results.has(id))) await sleep(200);
  }

  before(async function () {
    if (!findRabbitServer())
      skipBecause(this, "rabbitmq-server is not installed, so no private node");
    broker = await startRabbitNode();
    amqpUrl = await broker.addUser("wix-secret-test", AMQP_PASSWORD);
    sandbox = await startSandbox({
      catalogVersion: "V3",
      rateLimitPerMinute: 0,
      apiKey: WIX_API_KEY,
    });
    proxy = await startRecordingProxy(sandbox.url);
    writeback = await startFrappeWriteback({
      apiKey: FRAPPE_API_KEY,
      apiSecret: FRAPPE_API_SECRET,
      config: config(WIX_API_KEY),
    });
    await openChannel();
    await declareTopology(channel, namespace);
    worker = await spawnWorker({
      WIX_AMQP_URL: amqpUrl,
      WIX_NAMESPACE: namespace,
      WIX_FRAPPE_URL: writeback.url,
      WIX_FRAPPE_API_KEY: FRAPPE_API_KEY,
      WIX_FRAPPE_API_SECRET: FRAPPE_API_SECRET,
      WIX_REDIS_URL: "memory",
      WIX_LOG_LEVEL: "debug",
    });
    await worker.ready();

    // 1. Normal syncs, a validation failure and a malformed message.
    const normal = await publishItems(0, 10, 1);
    const invalid = upsertEvent({ ...makeItem(10, 1), item_name: "N".repeat(81) });
    await publishItemEvent(channel, namespace, invalid);
    channel.publish(topologyNames(namespace).exchange, "item.upsert.0", Buffer.from("{not json"), {
      persistent: true,
      messageId: "malformed",
    });
    await waitForResults([...normal, invalid.event_id], 60_000);

    // 2. Wix rejects a new key: the worker reads it after a settings.changed event.
    writeback.setConfig(config(WRONG_WIX_API_KEY));
    channel.publish(
      topologyNames(namespace).exchange,
      "settings.changed",
      Buffer.from(
        JSON.stringify({
          schema_version: 1,
          type: "settings.changed",
          event_id: randomUUID(),
          occurred_at: new Date().toISOString(),
          site: "secrets.example.com",
          changed_fields: ["api_key"],
        }),
      ),
      { persistent: true, contentType: "application/json" },
    );
    await sleep(2000);
    await waitForResults(await publishItems(20, 5, 1), 60_000);

    // 3. The key is fixed, but Wix fails with 5xx and timeouts.
    writeback.setConfig(config(WIX_API_KEY));
    sandbox.setOptions({ faults: { errorRate: 0.5, timeoutRate: 0.2 } });
    await waitForResults(await publishItems(30, 5, 1), 60_000);
    sandbox.setOptions({ faults: { errorRate: 0, timeoutRate: 0 } });

    // 4. Frappe is unreachable for a while, then the broker restarts.
    const duringOutage = publishItems(40, 5, 1);
    await writeback.outage(8000);
    const outageIds = await duringOutage;
    await connection?.close().catch(() => undefined);
    await broker.stop();
    await sleep(3000);
    await broker.start();
    await openChannel();
    await waitForResults([...outageIds, ...(await publishItems(50, 5, 1))], 90_000);

    metricsText = await (await fetch(`http://127.0.0.1:${worker.httpPort}/metrics`)).text();
    healthText = await (await fetch(`http://127.0.0.1:${worker.httpPort}/healthz`)).text();
    for (;;) {
      const message = await channel.get(topologyNames(namespace).parkingQueue, { noAck: true });
      if (!message) break;
      parkedBodies.push(
        JSON.stringify(message.properties.headers),
        message.content.toString("utf8"),
      );
    }
  });

  after(async () => {
    await worker?.kill("SIGTERM");
    await connection?.close().catch(() => undefined);
    await writeback?.close();
    await proxy?.close();
    await sandbox?.close();
    await broker?.dispose();
  });

  describe("when the worker logs", () => {
    it("wrote log lines to scan", () => {
      expect(worker.output().split("\n").length).to.be.greaterThan(20);
    });

    it("never prints a secret", () => {
      expect(leaks("worker output", worker.output())).to.deep.equal([]);
    });
  });

  describe("when the worker reports to Frappe", () => {
    it("reported results to scan", () => {
      expect(writeback.results.size).to.be.greaterThan(20);
    });

    it("sends no secret in a result", () => {
      const found = [...writeback.results.values()].flatMap((result) =>
        leaks(`result ${result.event_id}`, JSON.stringify(result)),
      );

      expect(found).to.deep.equal([]);
    });

    it("sends no secret in any request body", () => {
      const found = writeback.calls.flatMap((call) =>
        leaks(`${call.method} ${call.path}`, call.body),
      );

      expect(found).to.deep.equal([]);
    });

    it("reports the rejected key as a Wix auth failure", () => {
      const authFailures = [...writeback.results.values()].filter(
        (result) => result.status === "Failed" && result.error?.http_status === 401,
      );

      expect(authFailures.length).to.be.greaterThan(0);
    });
  });

  describe("when the worker calls Wix", () => {
    it("sends no secret outside Authorization", () => {
      const found = proxy.requests.flatMap((request) =>
        leaks(
          `${request.method} ${request.path}`,
          `${request.path}\n${JSON.stringify(withoutAuthorization(request.headers))}\n${request.body}`,
        ),
      );

      expect(found).to.deep.equal([]);
    });

    it("sends the raw key in Authorization", () => {
      const keys = new Set(proxy.requests.map((request) => request.headers.authorization));

      expect(keys.has(WIX_API_KEY)).to.equal(true);
    });
  });

  describe("when the worker serves HTTP and parks messages", () => {
    it("exposes no secret in /metrics or /healthz", () => {
      expect(leaks("/metrics", metricsText)).to.deep.equal([]);
      expect(leaks("/healthz", healthText)).to.deep.equal([]);
    });

    it("parks no secret", () => {
      expect(parkedBodies.length).to.be.greaterThan(0);
      expect(leaks("parking queue", parkedBodies.join("\n"))).to.deep.equal([]);
    });
  });
});
