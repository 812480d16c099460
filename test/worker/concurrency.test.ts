import { expect } from "chai";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { connect } from "amqplib";

import { publishItemEvent } from "../../worker/src/index.js";
import { startSandbox, type Sandbox } from "../../worker/src/sandbox/index.js";
import { deleteRedisNamespace } from "../support/redis-namespace.js";
import { spawnWorker, waitForResults, type WorkerProcess } from "./processes.js";
import { AMQP_URL, deleteNamespace, erpItem, uniqueNamespace, upsertEvent } from "./support.js";

describe("worker processes", function () {
  this.timeout(120_000);

  describe("when 4 processes consume 50 rapid updates of one item", () => {
    let sandbox: Sandbox;
    let workers: WorkerProcess[] = [];
    let dir: string;
    const namespace = uniqueNamespace("four");

    before(async () => {
      sandbox = await startSandbox({ catalogVersion: "V3", rateLimitPerMinute: 0 });
      dir = mkdtempSync(path.join(tmpdir(), "wix-four-"));
      workers = ["w1", "w2", "w3", "w4"].map((id) => spawnWorker(id, namespace, sandbox, dir));
      await Promise.all(workers.map((worker) => worker.ready));
    });

    after(async () => {
      for (const worker of workers) worker.child.kill("SIGTERM");
      await Promise.all(workers.map((worker) => worker.exited));
      const connection = await connect(AMQP_URL);
      await deleteNamespace(await connection.createConfirmChannel(), namespace).catch(
        () => undefined,
      );
      await connection.close();
      await sandbox?.close();
      rmSync(dir, { recursive: true, force: true });
      await deleteRedisNamespace(namespace);
    });

    it("ends with the last update in Wix and exactly one product", async () => {
      const connection = await connect(AMQP_URL);
      const channel = await connection.createConfirmChannel();
      const events = Array.from({ length: 50 }, (_, index) =>
        upsertEvent(
          erpItem("RAPID-1", {
            item_name: `Rapid save ${index + 1}`,
            price: {
              amount: `${index + 1}.00`,
              currency: "USD",
              source: "price_list",
              price_list: "Standard Selling",
            },
          }),
        ),
      );
      for (const event of events) await publishItemEvent(channel, namespace, event);
      await connection.close();

      const results = await waitForResults(
        workers.map((worker) => worker.resultsFile),
        events.map((event) => event.event_id),
        90_000,
      );
      const products = sandbox.productsBySku().get("RAPID-1") ?? [];
      expect(products, "products with SKU RAPID-1").to.have.length(1);
      expect((products[0] as { name?: string }).name).to.equal("Rapid save 50");
      const statuses = new Set(results.map((result) => result.status));
      expect(
        [...statuses].every((status) => ["Success", "Superseded", "Skipped"].includes(status)),
        [...statuses].join(),
      ).to.equal(true);
      const last = results.find((result) => result.event_id === events.at(-1)!.event_id);
      expect(last?.status).to.equal("Success");
      expect(results.filter((result) => result.operation === "create")).to.have.length(1);
    });
  });
});
