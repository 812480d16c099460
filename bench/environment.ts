// The environment every benchmark runs in, all on 127.0.0.1: a private RabbitMQ node, the Wix
// sandbox, the Frappe stand-in and worker processes, with helpers to publish and await results.
import { randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import path from "node:path";

import amqp, { type ChannelModel, type ConfirmChannel } from "amqplib";

import { publishItemEvent } from "../worker/src/amqp/publish.js";
import { declareTopology } from "../worker/src/amqp/topology.js";
import type { ItemUpsertEvent } from "../worker/src/contract/index.js";
import { startSandbox, type Sandbox, type SandboxOptions } from "../worker/src/sandbox/index.js";
import { spawnWorker, type WorkerProcess } from "../test/faults/worker-process.js";
import { startFrappeWriteback, type FrappeWriteback } from "../test/support/frappe-writeback.js";
import type { RabbitNode } from "../test/support/rabbit-node.js";
import { deleteRedisNamespace } from "../test/support/redis-namespace.js";
import { sandboxWorkerConfig } from "../test/support/worker-config.js";

export const repoRoot = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const API_KEY = "bench-api-key";
const API_SECRET = "bench-api-secret";

export interface BenchEnvironment {
  namespace: string;
  sandbox: Sandbox;
  writeback: FrappeWriteback;
  channel: ConfirmChannel;
  workers: WorkerProcess[];
  startWorker(extraEnv?: Record<string, string>): Promise<WorkerProcess>;
  publish(events: ItemUpsertEvent[]): Promise<void>;
  /** Resolve with the wall time when every event id has a result, or reject after timeoutMs. */
  waitForResults(eventIds: string[], timeoutMs: number): Promise<void>;
  close(): Promise<void>;
}

export interface EnvironmentOptions {
  name: string;
  broker: RabbitNode;
  sandbox: SandboxOptions;
  config?: Record<string, unknown>;
  /** Keep only result summaries at the Frappe stand-in; for very large runs. */
  lightweight?: boolean;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function startEnvironment(options: EnvironmentOptions): Promise<BenchEnvironment> {
  const namespace = `wix_bench_${options.name}_${randomBytes(3).toString("hex")}`;
  const logDir = path.join(repoRoot, "artifacts", "bench", namespace);
  mkdirSync(logDir, { recursive: true });
  const sandbox = await startSandbox({ seed: 7, ...options.sandbox });
  const writeback = await startFrappeWriteback({
    apiKey: API_KEY,
    apiSecret: API_SECRET,
    lightweight: options.lightweight ?? false,
    config: sandboxWorkerConfig(sandbox, {
      request_timeout_ms: 30000,
      log_level: "warn",
      ...options.config,
    }),
  });
  const connection: ChannelModel = await amqp.connect(options.broker.url);
  const channel = await connection.createConfirmChannel();
  await declareTopology(channel, namespace);
  const workers: WorkerProcess[] = [];
  let workerNumber = 0;

  return {
    namespace,
    sandbox,
    writeback,
    channel,
    workers,
    async startWorker(extraEnv = {}) {
      workerNumber += 1;
      const worker = await spawnWorker(
        {
          WIX_AMQP_URL: options.broker.url,
          WIX_NAMESPACE: namespace,
          WIX_FRAPPE_URL: writeback.url,
          WIX_FRAPPE_API_KEY: API_KEY,
          WIX_FRAPPE_API_SECRET: API_SECRET,
          WIX_WORKER_ID: `${options.name}-${workerNumber}`,
          WIX_LOG_LEVEL: "warn",
          ...extraEnv,
        },
        path.join(logDir, `worker-${workerNumber}.log`),
        { compiled: true },
      );
      workers.push(worker);
      await worker.ready();
      return worker;
    },
    async publish(events) {
      for (const event of events) await publishItemEvent(channel, namespace, event);
    },
    async waitForResults(eventIds, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        if (eventIds.every((id) => writeback.results.has(id))) return;
        await sleep(100);
      }
      const missing = eventIds.filter((id) => !writeback.results.has(id)).length;
      throw new Error(`${missing} of ${eventIds.length} results missing after ${timeoutMs} ms`);
    },
    async close() {
      await Promise.all(workers.map((worker) => worker.kill("SIGTERM")));
      await connection.close().catch(() => undefined);
      await writeback.close();
      await sandbox.close();
      await deleteRedisNamespace(namespace).catch(() => undefined);
    },
  };
}

/** Count sandbox calls made at or after `since`, by route with ids replaced by {id}. */
export function callsSince(sandbox: Sandbox, since: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (const call of sandbox.calls()) {
    if (call.at < since) continue;
    const route = `${call.method} ${call.path.replace(/\/[0-9a-f-]{20,}/gi, "/{id}")}`;
    counts.set(route, (counts.get(route) ?? 0) + 1);
  }
  return counts;
}
