import { expect } from "chai";
import { existsSync } from "node:fs";

import { connect } from "amqplib";

import {
  memoryResultSink,
  publishItemEvent,
  startWorker,
  type WorkerHandle,
} from "../../worker/src/index.js";
import { startSandbox, type Sandbox } from "../../worker/src/sandbox/index.js";
import { skipBecause } from "../support/skip.js";
import { RABBITMQ_SERVER, startPrivateBroker, type PrivateBroker } from "./private-broker.js";
import { erpItem, quietLogger, sandboxConfig, uniqueNamespace, upsertEvent } from "./support.js";

describe("worker broker restart", function () {
  this.timeout(150_000);
  let broker: PrivateBroker;
  let sandbox: Sandbox;
  let worker: WorkerHandle | undefined;

  before(async function () {
    if (!existsSync(RABBITMQ_SERVER))
      skipBecause(
        this,
        `${RABBITMQ_SERVER} is not installed, so no private broker can be restarted`,
      );
    broker = await startPrivateBroker();
    sandbox = await startSandbox({ catalogVersion: "V1", rateLimitPerMinute: 0, latencyMs: 5 });
  });

  after(async () => {
    await broker?.stop();
    await Promise.race([worker?.stop(), new Promise((resolve) => setTimeout(resolve, 10_000))]);
    await sandbox?.close();
  });

  describe("when RabbitMQ restarts during a run", () => {
    it("loses no event and creates no duplicate", async () => {
      const results = memoryResultSink();
      const namespace = uniqueNamespace("restart");
      worker = await startWorker({
        amqpUrl: broker.url,
        namespace,
        config: sandboxConfig(sandbox),
        results,
        httpPort: null,
        logger: quietLogger,
        redisUrl: null,
        retryDelaysMs: [100, 200, 400],
      });
      const connection = await connect(broker.url);
      const channel = await connection.createConfirmChannel();
      const events = Array.from({ length: 200 }, (_, index) =>
        upsertEvent(erpItem(`RESTART-${index}`)),
      );
      for (const event of events) await publishItemEvent(channel, namespace, event);
      await connection.close().catch(() => undefined);

      await results.waitFor((all) => all.length >= 20, 30_000);
      await broker.restart(1000);
      await results.waitFor(
        (all) => events.every((event) => all.some((result) => result.event_id === event.event_id)),
        90_000,
      );

      expect(worker.stats().reconnects).to.be.greaterThan(0);
      const bySku = sandbox.productsBySku();
      for (const event of events) {
        expect(bySku.get(event.item.item_code), event.item.item_code).to.have.length(1);
      }
      const final = events.map((event) =>
        results.results.filter((result) => result.event_id === event.event_id).at(-1),
      );
      expect(
        final.filter((result) => result?.status !== "Success" && result?.status !== "Skipped"),
      ).to.deep.equal([]);
    });
  });
});
