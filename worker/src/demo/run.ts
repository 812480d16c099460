import { rm } from "node:fs/promises";

import type { ChannelModel } from "amqplib";
import { pino } from "pino";

import { publishItemEvent } from "../amqp/publish.js";
import { declareTopology } from "../amqp/topology.js";
import { configFromEnv, withConfig } from "../config.js";
import type { ItemUpsertEvent, SyncResult } from "../contract/index.js";
import { startWorker, type WorkerHandle } from "../index.js";
import { REDACT_PATHS } from "../logger.js";
import { fileResultSink, frappeResultSink, type ResultSink } from "../results/sinks.js";
import { startSandbox, type CallRecord, type Sandbox } from "../sandbox/index.js";
import { connectBroker, deleteNamespace, demoNamespace } from "./broker.js";
import type { CatalogConversion } from "./catalogs/index.js";
import { itemUpsertEvent } from "./events.js";
import type { CatalogRun, WaitEnd } from "./summary.js";

/** Wix's published limit; the sandbox and the worker's token bucket both use it with --rate-limit. */
const WIX_RATE_LIMIT_PER_MINUTE = 200;
/** Events published before waiting for their confirms. */
const PUBLISH_BATCH = 200;
/** The contract's maximum, so the worker's own token bucket never slows a demo with the limit off. */
const UNLIMITED_RATE_PER_MINUTE = 10_000;

export interface RunOptions {
  file: string;
  conversion: CatalogConversion;
  catalogVersion: "V1" | "V3";
  rateLimit: boolean;
  amqpUrl: string;
  resultsFile: string;
  /** Frappe to report results to as well as the file; null (the default) writes the file only. */
  frappe?: { url: string; apiKey: string; apiSecret: string } | null;
  timeoutSeconds: number;
  /** Called once every result is in (or the wait ended), before the sandbox closes; for tests. */
  inspectSandbox?: (sandbox: Sandbox) => void;
  /** Ends the wait early, as Ctrl-C does; the run still stops the worker and deletes its queues. */
  signal?: AbortSignal;
  /** Called with a one-line progress message while the run waits for results. */
  progress?: (message: string) => void;
}

/**
 * Collects results by event id and writes each one to the results file, and to Frappe when one is
 * configured. A result counts as arrived only after every destination stored it.
 */
class DemoResultSink implements ResultSink {
  readonly description: string;
  readonly results = new Map<string, SyncResult>();
  readonly #sinks: ResultSink[];
  #wake: (() => void) | null = null;

  constructor(file: string, frappe: RunOptions["frappe"]) {
    this.#sinks = [...(frappe ? [frappeResultSink(frappe)] : []), fileResultSink(file)];
    this.description = this.#sinks.map((sink) => sink.description).join(" and ");
  }

  async deliver(result: SyncResult): Promise<void> {
    for (const sink of this.#sinks) await sink.deliver(result);
    // The worker may deliver a result twice (at-least-once); the later copy replaces the first.
    this.results.set(result.event_id, result);
    this.#wake?.();
  }

  /** Waits until every event id has a result, the timeout passes or the signal aborts. */
  async waitForAll(
    eventIds: string[],
    timeoutMs: number,
    signal: AbortSignal | undefined,
    progress?: (done: number) => void,
  ): Promise<WaitEnd> {
    const deadline = Date.now() + timeoutMs;
    let lastReported = -1;
    for (;;) {
      const done = eventIds.filter((id) => this.results.has(id)).length;
      if (progress && done !== lastReported) progress(done);
      lastReported = done;
      if (done === eventIds.length) return "complete";
      if (signal?.aborted) return "interrupted";
      const remaining = deadline - Date.now();
      if (remaining <= 0) return "timeout";
      await new Promise<void>((resolve) => {
        const wake = () => {
          clearTimeout(timer);
          signal?.removeEventListener("abort", wake);
          resolve();
        };
        const timer = setTimeout(wake, Math.min(remaining, 1_000));
        signal?.addEventListener("abort", wake);
        this.#wake = wake;
      });
    }
  }
}

/** Groups sandbox calls as "METHOD /route status", with product ids replaced by {id}. */
function callCounts(calls: CallRecord[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const call of calls) {
    const route = call.path
      .split("?")[0]!
      .split("/")
      .map((segment) => (/^[0-9a-f-]{16,}$/i.test(segment) ? "{id}" : segment))
      .join("/");
    const key = `${call.method} ${route} ${call.status === 0 ? `no answer (${call.fault ?? "lost"})` : call.status}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/**
 * Publishes with publisher confirms, a batch at a time: waiting for each confirm in turn costs one
 * broker disk write per event (seconds for a thousand events), while a batch shares them.
 */
async function publishAll(
  connection: ChannelModel,
  namespace: string,
  events: ItemUpsertEvent[],
): Promise<void> {
  const channel = await connection.createConfirmChannel();
  try {
    await declareTopology(channel, namespace);
    for (let start = 0; start < events.length; start += PUBLISH_BATCH) {
      const batch = events.slice(start, start + PUBLISH_BATCH);
      await Promise.all(batch.map((event) => publishItemEvent(channel, namespace, event)));
    }
  } finally {
    await channel.close();
  }
}

/**
 * Starts a worker in env-only mode against the sandbox. It reads nothing from the environment, so the
 * demo never uses a real installation's Frappe config, Redis state or Wix credentials.
 */
function startDemoWorker(
  options: RunOptions,
  namespace: string,
  sandbox: Sandbox,
  sink: ResultSink,
): Promise<WorkerHandle> {
  const config = withConfig(configFromEnv({}), {
    api_key: sandbox.apiKey,
    site_id: sandbox.siteId,
    wix_base_url: sandbox.url,
    rate_limit_per_minute: options.rateLimit
      ? WIX_RATE_LIMIT_PER_MINUTE
      : UNLIMITED_RATE_PER_MINUTE,
    log_level: "warn",
  });
  // Warnings and errors go to stderr, so stdout carries only the summary.
  const logger = pino(
    { name: "wix-worker", level: "warn", redact: { paths: REDACT_PATHS, censor: "[redacted]" } },
    pino.destination(2),
  );
  return startWorker({
    amqpUrl: options.amqpUrl,
    namespace,
    config,
    results: sink,
    httpPort: null,
    frappe: null,
    redisUrl: null,
    logger,
  });
}

/**
 * Syncs one converted catalog: starts a sandbox site and a worker on a namespace of their own,
 * publishes every item as an item.upsert event, waits for every result, and tears everything down,
 * including the namespace's queues, whatever happened.
 */
export async function runCatalog(options: RunOptions): Promise<CatalogRun> {
  const started = Date.now();
  const connection = await connectBroker(options.amqpUrl);
  const namespace = demoNamespace();
  let sandbox: Sandbox | null = null;
  let worker: WorkerHandle | null = null;
  try {
    sandbox = await startSandbox({
      catalogVersion: options.catalogVersion,
      rateLimitPerMinute: options.rateLimit ? WIX_RATE_LIMIT_PER_MINUTE : 0,
    });
    await rm(options.resultsFile, { force: true });
    const sink = new DemoResultSink(options.resultsFile, options.frappe ?? null);
    worker = await startDemoWorker(options, namespace, sandbox, sink);

    const events = options.conversion.items.map((entry) => itemUpsertEvent(entry.item));
    await publishAll(connection, namespace, events);
    const eventIds = events.map((event) => event.event_id);
    const waitEnd = await sink.waitForAll(
      eventIds,
      options.timeoutSeconds * 1000,
      options.signal,
      (done) => options.progress?.(`${done} of ${events.length} results`),
    );

    await worker.stop();
    worker = null;
    options.inspectSandbox?.(sandbox);
    const duplicateSkus = [...sandbox.productsBySku().entries()]
      .filter(([, products]) => products.length > 1)
      .map(([sku]) => sku);
    return {
      file: options.file,
      conversion: options.conversion,
      namespace,
      catalogVersion: options.catalogVersion,
      rateLimit: options.rateLimit,
      published: events.length,
      results: events.flatMap((event) => sink.results.get(event.event_id) ?? []),
      missing: events
        .filter((event) => !sink.results.has(event.event_id))
        .map((event) => ({ eventId: event.event_id, itemCode: event.item.item_code })),
      waitEnd,
      wixCalls: callCounts(sandbox.calls()),
      sandboxProducts: sandbox.dump().productCount,
      duplicateSkus,
      resultsFile: options.resultsFile,
      frappeUrl: options.frappe?.url ?? null,
      durationMs: Date.now() - started,
    };
  } finally {
    await worker?.stop();
    await deleteNamespace(connection, namespace);
    await connection.close();
    await sandbox?.close();
  }
}
