import { expect } from "chai";

import { HEADERS } from "../../worker/src/index.js";
import { erpItem, startHarness, upsertEvent, type Harness } from "./support.js";

async function waitUntil(
  condition: () => boolean | Promise<boolean>,
  timeoutMs = 10_000,
  description = "condition",
) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${description}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Waits until the parking queue contains one message. */
function waitForParked(harness: Harness): Promise<void> {
  return waitUntil(
    async () => (await harness.queueDepth(harness.names.parkingQueue)) === 1,
    5000,
    "the parked message",
  );
}

/** Waits until the parking queue contains one message, then takes it off the queue. */
async function takeParked(harness: Harness) {
  await waitForParked(harness);
  const parked = await harness.channel.get(harness.names.parkingQueue, { noAck: true });
  if (!parked) throw new Error("the parking queue is empty");
  return parked;
}

describe("worker failure handling", function () {
  this.timeout(30_000);
  let harness: Harness;

  beforeEach(async () => {
    harness = await startHarness("fail", { config: { retry_attempts: 2 } });
  });
  afterEach(async () => harness?.close());

  describe("when Wix fails and then recovers", () => {
    it("retries through the delay queue and succeeds", async () => {
      harness.sandbox.setOptions({ faults: { errorRate: 1 } });
      const event = upsertEvent(erpItem("RETRY-1"));
      await harness.publish(event);
      await waitUntil(() => harness.worker.stats().retried >= 1, 10_000, "a retry");
      harness.sandbox.setOptions({ faults: { errorRate: 0 } });
      const [result] = await harness.resultsFor([event.event_id]);
      expect(result?.status, result?.message).to.equal("Success");
      expect(result?.attempts).to.be.greaterThan(1);
      expect(harness.sandbox.productsBySku().get("RETRY-1")).to.have.length(1);
    });
  });

  describe("when Wix keeps failing", () => {
    it("reports Failed and parks the message after the last attempt", async () => {
      harness.sandbox.setOptions({ faults: { errorRate: 1 } });
      const event = upsertEvent(erpItem("EXHAUST-1"));
      await harness.publish(event);
      const [result] = await harness.resultsFor([event.event_id]);
      expect(result?.status).to.equal("Failed");
      expect(result?.attempts).to.equal(3);
      expect(result?.error?.permanent).to.equal(false);
      expect(result?.message).to.include("Gave up after 3 attempts");
      const parked = await takeParked(harness);
      expect(parked.properties.headers?.[HEADERS.parkCode]).to.equal("RETRIES_EXHAUSTED");
      expect(JSON.parse(parked.content.toString()).event_id).to.equal(event.event_id);
    });
  });

  describe("when a message is malformed", () => {
    const cases: [string, Buffer, string][] = [
      ["invalid JSON", Buffer.from("{not json"), "MALFORMED_JSON"],
      [
        "a wrong schema version",
        Buffer.from(JSON.stringify({ ...upsertEvent(erpItem("BAD-V")), schema_version: 2 })),
        "UNSUPPORTED_SCHEMA_VERSION",
      ],
      [
        "a payload over 1 MiB",
        Buffer.from(
          JSON.stringify(upsertEvent(erpItem("BIG-1", { description: "x".repeat(1_100_000) }))),
        ),
        "PAYLOAD_TOO_LARGE",
      ],
      [
        "a contract violation",
        Buffer.from(JSON.stringify({ ...upsertEvent(erpItem("BAD-C")), trigger: "cron" })),
        "CONTRACT_VIOLATION",
      ],
    ];
    for (const [label, body, code] of cases) {
      it(`parks ${label} and keeps consuming`, async () => {
        harness.channel.publish(harness.names.exchange, "item.upsert.0", body, {
          persistent: true,
        });
        await harness.channel.waitForConfirms();
        const parked = await takeParked(harness);
        expect(parked.properties.headers?.[HEADERS.parkCode]).to.equal(code);
        expect(String(parked.properties.headers?.[HEADERS.parkReason])).to.have.length.greaterThan(
          5,
        );
        const next = upsertEvent(erpItem(`AFTER-${code}`));
        await harness.publish(next);
        const [result] = await harness.resultsFor([next.event_id]);
        expect(result?.status).to.equal("Success");
      });
    }
  });

  describe("when an event is over the size limit", () => {
    it("reports it Failed with PAYLOAD_TOO_LARGE before parking it", async () => {
      const event = upsertEvent(erpItem("BIG-2", { description: "x".repeat(1_100_000) }));
      await harness.publish(event);
      const [result] = await harness.resultsFor([event.event_id]);
      expect(result?.status).to.equal("Failed");
      expect(result?.item_code).to.equal("BIG-2");
      expect(result?.error?.code).to.equal("PAYLOAD_TOO_LARGE");
      expect(result?.error?.permanent).to.equal(true);
      expect(result?.message).to.match(/1\d{6} bytes; the worker accepts at most 1048576/);
      await waitForParked(harness);
      expect(harness.sandbox.productsBySku().get("BIG-2")).to.equal(undefined);
    });
  });

  describe("when Wix rejects the create of an unmapped item", () => {
    it("reports the failed operation as create", async () => {
      await harness.close();
      harness = await startHarness("fail", {
        config: { catalog_version: "V3", api_key: "not-the-sandbox-key" },
      });
      const event = upsertEvent(erpItem("BADKEY-1"));
      await harness.publish(event);
      const [result] = await harness.resultsFor([event.event_id]);
      expect(result?.status).to.equal("Failed");
      expect(result?.error?.http_status).to.equal(401);
      expect(result?.operation).to.equal("create");
    });
  });

  describe("when Wix answers 429", () => {
    it("waits and retries until the call goes through", async () => {
      harness.sandbox.setOptions({ faults: { burst429: { afterRequests: 1, count: 2 } } });
      const event = upsertEvent(erpItem("RATE-1"));
      await harness.publish(event);
      const [result] = await harness.resultsFor([event.event_id]);
      expect(result?.status, result?.message).to.equal("Success");
      const statuses = harness.sandbox.calls().map((call) => call.status);
      expect(statuses.filter((status) => status === 429)).to.have.length(2);
      expect(harness.sandbox.productsBySku().get("RATE-1")).to.have.length(1);
    });
  });

  describe("when test mode is on", () => {
    it("validates and reports the request without writing", async () => {
      await harness.close();
      harness = await startHarness("testmode", { config: { test_mode: true } });
      const event = upsertEvent(erpItem("DRY-1"));
      await harness.publish(event);
      const [result] = await harness.resultsFor([event.event_id]);
      expect(result?.dry_run).to.equal(true);
      expect(result?.status).to.equal("Skipped");
      expect(result?.request).to.have.nested.property("body.product.name");
      expect(harness.sandbox.productsBySku().size).to.equal(0);
    });
  });
});
