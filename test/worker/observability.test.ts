import { expect } from "chai";
import { Writable } from "node:stream";

import { createLogger } from "../../worker/src/index.js";
import { erpItem, startHarness, upsertEvent, type Harness } from "./support.js";

const SECRET_KEY = "IST.super-secret-api-key-0123456789";

/** Creates the worker's logger writing into memory, so a test can scan every line. */
function capturingLogger() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString().split("\n").filter(Boolean));
      done();
    },
  });
  return { lines, logger: createLogger("debug", stream) };
}

describe("worker observability", function () {
  this.timeout(30_000);
  let harness: Harness;
  const capture = capturingLogger();

  before(async () => {
    harness = await startHarness("observe", {
      sandbox: { catalogVersion: "V3", apiKey: SECRET_KEY },
      config: { api_key: SECRET_KEY },
      worker: { httpPort: 0, logger: capture.logger },
    });
  });
  after(async () => harness?.close());

  describe("when items sync and fail", () => {
    it("logs event, item, product, attempt and duration but never the API key", async () => {
      const ok = upsertEvent(erpItem("OBS-1"));
      const bad = upsertEvent(erpItem("OBS-2", { item_name: "x".repeat(90) }));
      await harness.publish(ok);
      await harness.publish(bad);
      const [result] = await harness.resultsFor([ok.event_id, bad.event_id]);
      harness.sandbox.setOptions({ apiKey: "rotated-key" });
      const rejected = upsertEvent(erpItem("OBS-3"));
      await harness.publish(rejected);
      await harness.resultsFor([rejected.event_id]);

      const synced = capture.lines
        .map((line) => JSON.parse(line))
        .find((line) => line.event_id === ok.event_id && line.status);
      expect(synced).to.include({
        item_code: "OBS-1",
        wix_product_id: result?.wix.product_id,
        attempt: 1,
      });
      expect(synced).to.have.property("duration_ms");
      expect(capture.lines.length).to.be.greaterThan(3);
      for (const line of capture.lines) expect(line).not.to.include(SECRET_KEY);
      for (const stored of harness.results.results)
        expect(JSON.stringify(stored)).not.to.include(SECRET_KEY);
    });

    it("redacts a key passed in a log object", () => {
      capture.logger.info(
        { config: { api_key: SECRET_KEY }, headers: { authorization: SECRET_KEY } },
        "probe",
      );
      const probe = capture.lines.at(-1)!;
      expect(probe).not.to.include(SECRET_KEY);
      expect(probe).to.include("[redacted]");
    });
  });

  describe("when the HTTP port is set", () => {
    it("serves /healthz", async () => {
      const response = await fetch(`http://127.0.0.1:${harness.worker.httpPort}/healthz`);
      expect(response.status).to.equal(200);
      const body = (await response.json()) as { ok: boolean; broker: { connected: boolean } };
      expect(body.ok).to.equal(true);
      expect(body.broker.connected).to.equal(true);
    });

    it("serves Prometheus metrics with counts, Wix calls and queue lag", async () => {
      const text = await (
        await fetch(`http://127.0.0.1:${harness.worker.httpPort}/metrics`)
      ).text();
      expect(text).to.match(
        /wix_worker_messages_processed_total\{status="Success",operation="create"\} [1-9]/,
      );
      expect(text).to.match(/wix_worker_messages_failed_total\{code="VALIDATION_FAILED"\} 1/);
      expect(text).to.match(
        /wix_worker_wix_calls_total\{method="POST",route="\/stores\/v3\/products",status="200"\} [1-9]/,
      );
      expect(text).to.include("wix_worker_rate_limit_waits_total");
      expect(text).to.match(/wix_worker_queue_lag_seconds_count [1-9]/);
      expect(text).to.include("wix_worker_messages_retried_total");
    });
  });
});
