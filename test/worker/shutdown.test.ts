import { expect } from "chai";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { connect } from "amqplib";

import { publishItemEvent, topologyNames } from "../../worker/src/index.js";
import { startSandbox, type Sandbox } from "../../worker/src/sandbox/index.js";
import { readResults, waitForResults } from "./processes.js";
import { AMQP_URL, deleteNamespace, erpItem, uniqueNamespace, upsertEvent } from "./support.js";

const main = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../worker/src/main.ts");

const children: ChildProcess[] = [];
// mocha --exit ends the process without waiting for hooks of a timed-out run; leave no worker behind.
process.once("exit", () => {
  for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
});

/** Starts `npm run worker`'s entry point in env-only mode against a sandbox. */
function startMain(namespace: string, sandbox: Sandbox, resultsFile: string, prefetch = 50) {
  const child = spawn(process.execPath, ["--import", "tsx", main], {
    env: {
      ...process.env,
      WIX_AMQP_URL: AMQP_URL,
      WIX_NAMESPACE: namespace,
      WIX_API_KEY: sandbox.apiKey,
      WIX_SITE_ID: sandbox.siteId,
      WIX_BASE_URL: sandbox.url,
      WIX_RESULTS_FILE: resultsFile,
      WIX_RATE_LIMIT_PER_MINUTE: "10000",
      WIX_LOG_LEVEL: process.env.WIX_TEST_LOG_LEVEL ?? "warn",
      WIX_PREFETCH: String(prefetch),
      WIX_FRAPPE_URL: "",
      WIX_REDIS_URL: "",
    },
    stdio: ["ignore", process.env.WIX_TEST_LOG_LEVEL ? "inherit" : "ignore", "inherit"],
  });
  const exited = new Promise<number | null>((resolve) =>
    child.once("exit", (code) => resolve(code)),
  );
  children.push(child);
  return { child, exited };
}

describe("worker main entry point", function () {
  this.timeout(120_000);
  let sandbox: Sandbox;
  let dir: string;
  const namespace = uniqueNamespace("main");

  before(async () => {
    sandbox = await startSandbox({ catalogVersion: "V3", rateLimitPerMinute: 0, latencyMs: 20 });
    dir = mkdtempSync(path.join(tmpdir(), "wix-main-"));
  });

  after(async () => {
    for (const child of children) {
      if (child.exitCode !== null || child.signalCode !== null) continue;
      const exitedNow = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGKILL");
      await exitedNow;
    }
    const connection = await connect(AMQP_URL);
    await deleteNamespace(
      await connection.createConfirmChannel(),
      namespace,
      [1000, 4000, 15000, 60000, 240000, 600000],
    ).catch(() => undefined);
    await connection.close();
    await sandbox?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  describe("when it gets SIGTERM with events in flight", () => {
    it("finishes them, exits 0, and a new worker syncs the rest once", async () => {
      const resultsFile = path.join(dir, "results.jsonl");
      // One event in flight per shard, so most of them are still queued at SIGTERM.
      const first = startMain(namespace, sandbox, resultsFile, 1);
      const connection = await connect(AMQP_URL);
      const events = Array.from({ length: 30 }, (_, index) =>
        upsertEvent(erpItem(`MAIN-${index}`)),
      );
      // Publish only once the worker has declared and bound every queue (the webhooks queue comes
      // last), because a message sent to the exchange before its shard queue is bound is dropped.
      for (let tries = 0; ; tries++) {
        // A failed check closes its channel, so each try gets a fresh one.
        const probe = await connection.createChannel();
        probe.on("error", () => undefined);
        try {
          await probe.checkQueue(topologyNames(namespace).webhooksQueue);
          await probe.close();
          break;
        } catch {
          if (tries > 100) throw new Error("the worker never declared its queues");
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      }
      const publisher = await connection.createConfirmChannel();
      for (const event of events) await publishItemEvent(publisher, namespace, event);
      await waitForResults([resultsFile], [events[0]!.event_id], 20_000).catch(() => undefined);
      first.child.kill("SIGTERM");
      expect(await first.exited).to.equal(0);
      const afterStop = readResults([resultsFile]).length;
      expect(afterStop).to.be.greaterThan(0);
      expect(afterStop).to.be.lessThan(events.length);

      const second = startMain(namespace, sandbox, resultsFile);
      await waitForResults(
        [resultsFile],
        events.map((event) => event.event_id),
        60_000,
      );
      second.child.kill("SIGTERM");
      expect(await second.exited).to.equal(0);
      await connection.close();
      for (const event of events)
        expect(sandbox.productsBySku().get(event.item.item_code)).to.have.length(1);
    });
  });
});
