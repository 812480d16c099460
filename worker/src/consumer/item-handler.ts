import type { ConsumeMessage } from "amqplib";

import type {
  ItemDeleteEvent,
  ItemUpsertEvent,
  SyncResult,
  WorkerConfig,
} from "../contract/index.js";
import { decode, SCHEMA_VERSION } from "../contract/index.js";
import type { Logger } from "../logger.js";
import type { Metrics } from "../metrics.js";
import type { SyncRuntime } from "../sync/context.js";
import { writeBulkV3 } from "../sync/bulk-v3.js";
import {
  prepareUpsert,
  syncDelete,
  syncUpsert,
  type PreparedWrite,
  type SyncContext,
} from "../sync/item-sync.js";
import { failedOutcome, NO_WIX, truncate, type SyncOutcome } from "../sync/outcome.js";
import { WixError } from "../wix/errors.js";
import type { BulkEntry } from "./bulk-batcher.js";
import type { ParsedItemMessage } from "./parse.js";

export type ItemEvent = ItemUpsertEvent | ItemDeleteEvent;

export function itemCodeOf(event: ItemEvent): string {
  return event.type === "item.upsert" ? event.item.item_code : event.item_code;
}

export function itemVersionOf(event: ItemEvent): string {
  return event.type === "item.upsert" ? event.item.item_version : event.item_version;
}

/** Next step for a message after one try: done, retry later, or out of tries. */
export type HandlerDecision =
  | { kind: "done"; result: SyncResult }
  | { kind: "retry"; error: WixError; attempts: number }
  | { kind: "exhausted"; result: SyncResult; error: WixError };

export interface HandlerDeps {
  runtime: SyncRuntime;
  config: () => Promise<WorkerConfig>;
  logger: Logger;
  metrics: Metrics;
  workerId: string;
}

/** Builds a sync-result document and checks it against the contract before it is sent. */
export function buildResult(
  event: { event_id: string; item_code: string; item_version: string | null },
  outcome: SyncOutcome,
  attempts: number,
  startedAt: number,
  workerId: string,
): SyncResult {
  return decode("sync-result", {
    schema_version: SCHEMA_VERSION,
    type: "sync.result",
    event_id: event.event_id,
    item_code: event.item_code,
    operation: outcome.operation,
    status: outcome.status,
    attempts,
    duration_ms: Math.max(0, Math.round((performance.now() - startedAt) * 10) / 10),
    finished_at: new Date().toISOString(),
    worker_id: workerId,
    item_version: event.item_version,
    dry_run: outcome.dryRun,
    wix: outcome.wix,
    message: outcome.message,
    error: outcome.error,
    request: outcome.request,
    response: outcome.response,
  });
}

function isTransient(error: unknown): error is WixError {
  return error instanceof WixError && !error.permanent;
}

/** Runs one try of an item event and decides whether it is done, needs a retry, or ran out of tries. */
export async function handleItemEvent(
  event: ItemEvent,
  attempts: number,
  deps: HandlerDeps,
  startedAt = performance.now(),
): Promise<HandlerDecision> {
  const itemCode = itemCodeOf(event);
  const ids = { event_id: event.event_id, item_code: itemCode, item_version: itemVersionOf(event) };
  const logger = deps.logger.child({
    event_id: event.event_id,
    item_code: itemCode,
    attempt: attempts,
  });
  const config = await deps.config();
  let outcome: SyncOutcome;
  try {
    if (!config.enabled) {
      outcome = {
        operation: "noop",
        status: "Skipped",
        message: "Wix sync is disabled in Wix Settings; nothing was sent to Wix",
        dryRun: false,
        wix: NO_WIX,
        error: null,
        request: null,
        response: null,
      };
    } else {
      const ctx = await deps.runtime.context(config, logger);
      outcome =
        event.type === "item.upsert" ? await syncUpsert(event, ctx) : await syncDelete(event, ctx);
    }
  } catch (error) {
    if (isTransient(error)) {
      if (attempts <= config.retry_attempts) return { kind: "retry", error, attempts };
      const exhausted = failedOutcome(
        error,
        event.type === "item.upsert" ? "update" : "delete",
        NO_WIX,
        null,
      );
      exhausted.message = truncate(
        `Gave up after ${attempts} attempts: ${exhausted.message}`,
        2000,
      );
      return {
        kind: "exhausted",
        result: buildResult(ids, exhausted, attempts, startedAt, deps.workerId),
        error,
      };
    }
    outcome = failedOutcome(
      error,
      event.type === "item.upsert" ? "validate" : "delete",
      NO_WIX,
      null,
    );
  }
  const result = buildResult(ids, outcome, attempts, startedAt, deps.workerId);
  logger.info(
    {
      wix_product_id: result.wix.product_id,
      status: result.status,
      operation: result.operation,
      duration_ms: result.duration_ms,
      ...(result.error ? { code: result.error.code } : {}),
    },
    `Item sync ${result.status}: ${result.message}`,
  );
  return { kind: "done", result };
}

/** Reads the attempt count the worker stamps on retried messages. */
export function attemptsOf(message: ConsumeMessage, header: string): number {
  const value = Number(message.properties.headers?.[header] ?? 0);
  return Number.isInteger(value) && value >= 0 ? value : 0;
}

/**
 * Settles a batch of bulk-trigger upserts: on Catalog V3 with bulk create and update calls, otherwise
 * (V1, test mode, disabled sync, or a failure to build the context) one event at a time.
 */
export async function handleBulkBatch(
  entries: BulkEntry<HandlerDecision>[],
  deps: HandlerDeps,
): Promise<void> {
  const one = (entry: BulkEntry<HandlerDecision>) =>
    handleItemEvent(entry.event, entry.attempts, deps, entry.startedAt).then(
      entry.resolve,
      entry.reject,
    );
  const config = await deps.config().catch(() => null);
  let ctx: SyncContext | null = null;
  if (config?.enabled && !config.test_mode) {
    ctx = await deps.runtime.context(config, deps.logger).catch(() => null);
  }
  if (!ctx || ctx.catalog.version !== "V3") {
    await Promise.all(entries.map(one));
    return;
  }
  const writes: { entry: BulkEntry<HandlerDecision>; write: PreparedWrite }[] = [];
  const singles: BulkEntry<HandlerDecision>[] = [];
  const finish = (entry: BulkEntry<HandlerDecision>, outcome: SyncOutcome) => {
    const result = buildResult(
      {
        event_id: entry.event.event_id,
        item_code: entry.event.item.item_code,
        item_version: entry.event.item.item_version,
      },
      outcome,
      entry.attempts,
      entry.startedAt,
      deps.workerId,
    );
    deps.logger.info(
      {
        event_id: result.event_id,
        item_code: result.item_code,
        attempt: entry.attempts,
        wix_product_id: result.wix.product_id,
        status: result.status,
        operation: result.operation,
        duration_ms: result.duration_ms,
      },
      `Item sync ${result.status} (bulk): ${result.message}`,
    );
    entry.resolve({ kind: "done", result });
  };
  for (const entry of entries) {
    try {
      const prepared = await prepareUpsert(entry.event, ctx);
      if ("done" in prepared) finish(entry, prepared.done);
      else writes.push({ entry, write: prepared.write });
    } catch {
      singles.push(entry);
    }
  }
  const outcomes = writes.length
    ? await writeBulkV3(
        writes.map((pair) => pair.write),
        ctx,
      )
    : new Map();
  for (const { entry, write } of writes) {
    const outcome = outcomes.get(write);
    if (!outcome || outcome === "single") singles.push(entry);
    else finish(entry, outcome);
  }
  await Promise.all(singles.map(one));
}

/** Builds the Failed result of an unreadable message, when its event id and item code can be read. */
export function unreadableResult(
  parsed: Extract<ParsedItemMessage, { ok: false }>,
  attempts: number,
  startedAt: number,
  workerId: string,
): SyncResult | null {
  if (!parsed.eventId || !parsed.itemCode) return null;
  const outcome: SyncOutcome = {
    operation: "validate",
    status: "Failed",
    message: truncate(
      `The worker could not read this event (${parsed.code}), so it was parked. ${parsed.reason}`,
      2000,
    ),
    dryRun: false,
    wix: NO_WIX,
    error: {
      code: parsed.code,
      message: truncate(parsed.reason, 4000),
      permanent: true,
      field: null,
      http_status: null,
    },
    request: null,
    response: null,
  };
  return buildResult(
    { event_id: parsed.eventId, item_code: parsed.itemCode, item_version: null },
    outcome,
    attempts,
    startedAt,
    workerId,
  );
}

/** Decides what to do after an unexpected error (a bug, or Redis down): retry, or give up after the last attempt. */
export function crashDecision(
  event: ItemEvent,
  error: unknown,
  attempts: number,
  retryAttempts: number,
  startedAt: number,
  workerId: string,
): HandlerDecision {
  const wrapped = new WixError({
    code: "INTERNAL_ERROR",
    message: `The worker failed: ${error instanceof Error ? error.message : String(error)}`,
    permanent: false,
    cause: error,
  });
  if (attempts <= retryAttempts) return { kind: "retry", error: wrapped, attempts };
  const outcome = failedOutcome(wrapped, "validate", NO_WIX, null);
  outcome.message = truncate(`Gave up after ${attempts} attempts: ${outcome.message}`, 2000);
  const ids = {
    event_id: event.event_id,
    item_code: itemCodeOf(event),
    item_version: itemVersionOf(event),
  };
  return {
    kind: "exhausted",
    error: wrapped,
    result: buildResult(ids, outcome, attempts, startedAt, workerId),
  };
}
