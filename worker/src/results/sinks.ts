import { appendFile, mkdir } from "node:fs/promises";
import path from "node:path";

import type { SyncResult } from "../contract/index.js";
import { FrappeClient, type FrappeClientOptions } from "../frappe/client.js";

/**
 * Destination of sync-result documents. `deliver` throws when the result was not stored; the worker then
 * keeps the result in its durable results queue and tries again later. It may deliver a result twice.
 */
export interface ResultSink {
  deliver(result: SyncResult): Promise<void>;
  close?(): Promise<void>;
  /** Name for logs, e.g. "file /tmp/results.jsonl". */
  readonly description: string;
}

/** Appends each result as one JSON line to a file; for env-only mode and the demo. */
export function fileResultSink(file: string): ResultSink {
  let ready: Promise<unknown> | null = null;
  return {
    description: `file ${file}`,
    async deliver(result) {
      ready ??= mkdir(path.dirname(path.resolve(file)), { recursive: true });
      await ready;
      await appendFile(file, `${JSON.stringify(result)}\n`, "utf8");
    },
  };
}

/** Posts each result to Frappe's report_result as the integration user. */
export function frappeResultSink(options: FrappeClientOptions | FrappeClient): ResultSink {
  const client = options instanceof FrappeClient ? options : new FrappeClient(options);
  return {
    description: `Frappe ${client.options.url}`,
    async deliver(result) {
      await client.reportResult(result);
    },
  };
}

export interface MemoryResultSink extends ResultSink {
  readonly results: SyncResult[];
  /** Resolves with the results once `predicate` holds, or rejects after `timeoutMs`. */
  waitFor(predicate: (results: SyncResult[]) => boolean, timeoutMs?: number): Promise<SyncResult[]>;
}

/** Keeps results in memory; for tests and the demo. */
export function memoryResultSink(): MemoryResultSink {
  const results: SyncResult[] = [];
  const waiters = new Set<() => void>();
  return {
    description: "memory",
    results,
    async deliver(result) {
      results.push(result);
      for (const wake of waiters) wake();
    },
    waitFor(predicate, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (!predicate(results)) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(results);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(
            new Error(
              `timed out after ${timeoutMs} ms waiting for results (have ${results.length})`,
            ),
          );
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
  };
}
