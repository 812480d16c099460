import { expect } from "chai";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { connect } from "amqplib";

import { declareTopology, publishItemEvent, topologyNames } from "../../worker/src/index.js";
import { startSandbox, type Sandbox } from "../../worker/src/sandbox/index.js";
import { COMPILED_ARGS } from "../faults/worker-process.js";
import { readResults, waitForResults } from "./processes.js";
import { AMQP_URL, deleteNamespace, erpItem, uniqueNamespace, upsertEvent } from "./support.js";

const workerDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../worker");
const main = path.join(workerDir, "src", "main.ts");

// The worker's default retry delays, which name its retry queues.
const RETRY_DELAYS = [1000, 4000, 15000, 60000, 240000, 600000];
const children: ChildProcess[] = [];
// mocha --exit ends the process without waiting for hooks of a timed-out run; leave no worker behind.
process.once("exit", () => {
  for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
});

/**
 * Starts the worker's entry point in env-only mode against a sandbox: through tsx, or with
 * `compiled` the tsc output with the flags of `npm run worker`.
 */
function startMain(
  namespace: string,
  sandbox: Sandbox,
  resultsFile: string,
  prefetch = 50,
  compiled = false,
) {
  const args = compiled ? COMPILED_ARGS : ["--import", "tsx", main];
  const child = spawn(process.execPath, args, {
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
    await deleteNamespace(await connection.createConfirmChannel(), namespace, RETRY_DELAYS).catch(
      () => undefined,
    );
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

  describe("when started as npm run worker starts it", () => {
    it("runs the tsc output with the flags the benchmarks measure", () => {
      const manifest = JSON.parse(readFileSync(path.join(workerDir, "package.json"), "utf8")) as {
        scripts: Record<string, string>;
      };
      const relative = COMPILED_ARGS.map((arg) =>
        path.isAbsolute(arg) ? path.relative(workerDir, arg) : arg,
      );
      expect(manifest.scripts.start).to.equal(`node ${relative.join(" ")}`);
      expect(manifest.scripts.prestart).to.equal("tsc -p .");
    });

    it("syncs each item once from the compiled worker", async () => {
      const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
      const build = spawnSync(process.execPath, [tsc, "-p", workerDir], { encoding: "utf8" });
      expect(build.status, build.stdout + build.stderr).to.equal(0);
      const resultsFile = path.join(dir, "compiled.jsonl");
      const compiledNamespace = `${namespace}_compiled`;
      const worker = startMain(compiledNamespace, sandbox, resultsFile, 50, true);
      const connection = await connect(AMQP_URL);
      try {
        const publisher = await connection.createConfirmChannel();
        await declareTopology(publisher, compiledNamespace);
        const events = Array.from({ length: 5 }, (_, index) =>
          upsertEvent(erpItem(`COMPILED-${index}`)),
        );
        for (const event of events) await publishItemEvent(publisher, compiledNamespace, event);
        await waitForResults(
          [resultsFile],
          events.map((event) => event.event_id),
          60_000,
        );
        for (const event of events)
          expect(sandbox.productsBySku().get(event.item.item_code)).to.have.length(1);
        await deleteNamespace(publisher, compiledNamespace, RETRY_DELAYS).catch(() => undefined);
      } finally {
        worker.child.kill("SIGTERM");
        await worker.exited;
        await connection.close();
      }
    });
  });
});
