import { expect } from "chai";

import { connect, type ChannelModel, type ConfirmChannel } from "amqplib";

import {
  decode,
  publishItemEvent,
  startWorker,
  topologyNames,
  type WorkerHandle,
} from "../../worker/src/index.js";
import { startSandbox, type Sandbox } from "../../worker/src/sandbox/index.js";
import { startMockFrappe, type MockFrappe } from "./mock-frappe.js";
import {
  AMQP_URL,
  deleteNamespace,
  erpItem,
  quietLogger,
  sandboxConfig,
  uniqueNamespace,
  upsertEvent,
} from "./support.js";

async function waitUntil(condition: () => boolean, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe("worker Frappe write-back", function () {
  this.timeout(60_000);
  let sandbox: Sandbox;
  let frappe: MockFrappe;
  let worker: WorkerHandle;
  let connection: ChannelModel;
  let channel: ConfirmChannel;
  const namespace = uniqueNamespace("frappe");

  before(async () => {
    sandbox = await startSandbox({ catalogVersion: "V3", rateLimitPerMinute: 0 });
    frappe = await startMockFrappe(sandboxConfig(sandbox));
    worker = await startWorker({
      amqpUrl: AMQP_URL,
      namespace,
      frappe: { url: frappe.url, apiKey: frappe.apiKey, apiSecret: frappe.apiSecret },
      httpPort: null,
      logger: quietLogger,
      redisUrl: null,
      retryDelaysMs: [100, 200, 400],
      heartbeatIntervalMs: 200,
    });
    connection = await connect(AMQP_URL);
    channel = await connection.createConfirmChannel();
  });

  after(async () => {
    frappe.down = false;
    await worker?.stop();
    await deleteNamespace(channel, namespace).catch(() => undefined);
    await connection?.close();
    await frappe?.close();
    await sandbox?.close();
  });

  describe("when the worker starts", () => {
    it("loads its config from get_config with token auth", async () => {
      await waitUntil(() => frappe.configCalls > 0, 5000, "get_config");
      expect([...frappe.authorizations]).to.deep.equal([
        `token ${frappe.apiKey}:${frappe.apiSecret}`,
      ]);
    });

    it("sends heartbeats that match the contract", async () => {
      await waitUntil(() => frappe.heartbeats.length >= 2, 5000, "two heartbeats");
      for (const heartbeat of frappe.heartbeats)
        expect(() => decode("heartbeat", heartbeat)).not.to.throw();
    });
  });

  describe("when Frappe is down and comes back", () => {
    it("delivers every result without calling Wix again", async () => {
      frappe.down = true;
      const events = Array.from({ length: 10 }, (_, index) =>
        upsertEvent(erpItem(`FRAPPE-${index}`)),
      );
      for (const event of events) await publishItemEvent(channel, namespace, event);
      await waitUntil(() => worker.stats().processed >= 10, 15_000, "10 processed events");
      const callsWhileDown = sandbox.calls().length;
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(frappe.results.size).to.equal(0);
      const pending = (await worker.metrics.resultsPending.get()).values[0]?.value;
      expect(pending, "results held by the worker").to.equal(10);

      frappe.down = false;
      await waitUntil(
        () => events.every((event) => frappe.results.has(event.event_id)),
        40_000,
        "10 delivered results",
      );
      expect(sandbox.calls().length).to.equal(callsWhileDown);
      for (const event of events) {
        expect(frappe.results.get(event.event_id)?.status).to.equal("Success");
        expect(sandbox.productsBySku().get(event.item.item_code)).to.have.length(1);
      }
    });
  });

  describe("when settings change", () => {
    it("fetches get_config again", async () => {
      const before = frappe.configCalls;
      const settings = {
        schema_version: 1,
        type: "settings.changed",
        event_id: "16fd2706-8baf-433b-82eb-8c7fada847da",
        occurred_at: new Date().toISOString(),
        site: "shop.example.com",
        changed_fields: ["api_key"],
      };
      channel.publish(
        topologyNames(namespace).exchange,
        "settings.changed",
        Buffer.from(JSON.stringify(settings)),
      );
      await channel.waitForConfirms();
      await waitUntil(() => frappe.configCalls > before, 5000, "a second get_config");
    });
  });
});
