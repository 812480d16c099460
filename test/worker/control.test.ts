import { expect } from "chai";
import { randomUUID } from "node:crypto";

import { decode, type WorkerConfig } from "../../worker/src/index.js";
import { erpItem, startHarness, upsertEvent, type Harness } from "./support.js";

async function askConnectionTest(harness: Harness) {
  const requestId = randomUUID();
  const { queue } = await harness.channel.assertQueue("", { exclusive: true, autoDelete: true });
  const reply = new Promise<unknown>((resolve) => {
    void harness.channel.consume(
      queue,
      (message) => {
        if (message?.properties.correlationId === requestId)
          resolve(JSON.parse(message.content.toString()));
      },
      { noAck: true },
    );
  });
  const request = {
    schema_version: 1,
    type: "connection.test.request",
    request_id: requestId,
    requested_at: new Date().toISOString(),
    site: "shop.example.com",
    timeout_ms: 5000,
  };
  harness.channel.publish(
    harness.names.exchange,
    "connection.test",
    Buffer.from(JSON.stringify(request)),
    {
      replyTo: queue,
      correlationId: requestId,
    },
  );
  await harness.channel.waitForConfirms();
  return { requestId, reply: decode("connection-test-reply", await reply) };
}

describe("worker connection test", function () {
  this.timeout(30_000);
  let harness: Harness;
  afterEach(async () => harness?.close());

  describe("when the credentials are right", () => {
    it("replies ok with the catalog version", async () => {
      harness = await startHarness("rpcok", { sandbox: { catalogVersion: "V1" } });
      const { requestId, reply } = await askConnectionTest(harness);
      expect(reply.request_id).to.equal(requestId);
      expect(reply.ok).to.equal(true);
      expect(reply.catalog_version).to.equal("V1");
      expect(reply.checks.map((check) => check.name)).to.deep.equal([
        "config",
        "wix_auth",
        "catalog_version",
      ]);
    });
  });

  describe("when Wix rejects the API key", () => {
    it("replies not ok naming the failed check", async () => {
      harness = await startHarness("rpcbad", {
        config: { api_key: "wrong-key" } as Partial<WorkerConfig>,
      });
      const { reply } = await askConnectionTest(harness);
      expect(reply.ok).to.equal(false);
      const auth = reply.checks.find((check) => check.name === "wix_auth");
      expect(auth?.ok).to.equal(false);
      expect(auth?.message).to.include("401");
    });
  });

  describe("when Stores is not installed", () => {
    it("fails item syncs permanently with STORES_NOT_INSTALLED", async () => {
      harness = await startHarness("nostores", {
        sandbox: { catalogVersion: "STORES_NOT_INSTALLED" },
      });
      const { reply } = await askConnectionTest(harness);
      expect(reply.catalog_version).to.equal("STORES_NOT_INSTALLED");
      expect(reply.ok).to.equal(false);
      const event = upsertEvent(erpItem("NOSTORES-1"));
      await harness.publish(event);
      const [result] = await harness.resultsFor([event.event_id]);
      expect(result?.status).to.equal("Failed");
      expect(result?.error?.code).to.equal("STORES_NOT_INSTALLED");
      expect(result?.error?.permanent).to.equal(true);
      expect(result?.message).to.include("Wix Stores is not installed");
    });
  });
});
