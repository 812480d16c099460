// The worker benchmarks: (a) throughput and RSS with a large backlog, (b) a 1,000-item bulk sync
// under Wix-like latency and the rate limit, (c) Wix calls per item for create, update and a save
// that changes nothing. Each returns plain numbers; report.ts turns them into docs/benchmarks.md.
import { readFileSync } from "node:fs";

import type { ItemUpsertEvent } from "../worker/src/contract/index.js";
import { itemVersion, makeItem, mappingFrom, upsertEvent } from "../test/faults/catalog.js";
import { startRecordingProxy, type RecordedRequest } from "../test/faults/recording-proxy.js";
import type { RabbitNode } from "../test/support/rabbit-node.js";
import { startEnvironment } from "./environment.js";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function bulkEvent(index: number, revision: number): ItemUpsertEvent {
  return { ...upsertEvent(makeItem(index, revision)), trigger: "bulk" };
}

function rssMiB(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kib = Number(status.match(/^VmRSS:\s+(\d+) kB/m)?.[1]);
    return Number.isFinite(kib) ? Math.round((kib / 1024) * 10) / 10 : null;
  } catch {
    return null;
  }
}

export interface ThroughputResult {
  trigger: "bulk" | "auto";
  backlog: number;
  processed: number;
  seconds: number;
  itemsPerSecond: number;
  maxRssMiB: number | null;
  rssAtStartMiB: number | null;
  failed: number;
  wixCalls: number;
  cappedBySeconds: boolean;
}

/**
 * (a) Publish `backlog` events before the worker starts, then measure items/s and the worker's peak
 * RSS until every result is in or `maxSeconds` pass. The sandbox has no latency and no rate limit;
 * the worker's own limit is set to the contract's maximum, 10,000 a minute.
 */
export async function benchThroughput(
  broker: RabbitNode,
  trigger: "bulk" | "auto",
  backlog: number,
  maxSeconds: number,
): Promise<ThroughputResult> {
  const env = await startEnvironment({
    name: `throughput_${trigger}`,
    broker,
    sandbox: { catalogVersion: "V3", rateLimitPerMinute: 0, latencyMs: 0, callLogLimit: 1000 },
    config: { rate_limit_per_minute: 10000 },
    lightweight: true,
  });
  try {
    const batch = 2000;
    for (let start = 0; start < backlog; start += batch) {
      const events = Array.from({ length: Math.min(batch, backlog - start) }, (_, offset) => {
        const event = bulkEvent(start + offset, 1);
        return trigger === "bulk" ? event : { ...event, trigger: "auto" as const };
      });
      await Promise.all(events.map((event) => env.publish([event])));
    }
    const worker = await env.startWorker();
    const started = Date.now();
    const rssAtStartMiB = rssMiB(worker.pid);
    let maxRss = rssAtStartMiB ?? 0;
    const deadline = started + maxSeconds * 1000;
    let lastCount = 0;
    let lastChange = Date.now();
    while (Date.now() < deadline && env.writeback.results.size < backlog) {
      await sleep(500);
      maxRss = Math.max(maxRss, rssMiB(worker.pid) ?? 0);
      if (env.writeback.results.size !== lastCount) {
        lastCount = env.writeback.results.size;
        lastChange = Date.now();
      } else if (Date.now() - lastChange > 60_000) {
        break;
      }
    }
    const seconds = (lastChange - started) / 1000;
    const processed = env.writeback.results.size;
    const failed = [...env.writeback.results.values()].filter((r) => r.status === "Failed").length;
    return {
      trigger,
      backlog,
      processed,
      seconds: Math.round(seconds * 10) / 10,
      itemsPerSecond: Math.round((processed / Math.max(seconds, 0.001)) * 10) / 10,
      maxRssMiB: maxRss || null,
      rssAtStartMiB,
      failed,
      wixCalls: env.sandbox.dump().calls.total,
      cappedBySeconds: processed < backlog,
    };
  } finally {
    await env.close();
  }
}

export interface BulkSyncResult {
  catalogVersion: "V1" | "V3";
  items: number;
  wallSeconds: number;
  wixCalls: number;
  rateLimitPerMinute: number;
  latencyMs: number;
  /** calls × 60 / limit: the shortest time the limit allows for the calls made, at its steady rate. */
  boundSeconds: number;
  ratio: number;
  /** items × 60 / limit: the bound for one call an item, 5 minutes for 1,000 items at 200/min. */
  oneCallPerItemBoundSeconds: number;
  failed: number;
  statuses: Record<string, number>;
  answers429: number;
  bulkCalls: number;
  itemsPerBulkCall: number | null;
  callsByRoute: Record<string, number>;
}

function route(request: RecordedRequest): string {
  const path = request.path.split("?")[0]!.replace(/\/[0-9a-f-]{20,}/gi, "/{id}");
  return `${request.method} ${path}`;
}

function countRoutes(requests: RecordedRequest[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const request of requests) counts[route(request)] = (counts[route(request)] ?? 0) + 1;
  return counts;
}

/** (b) 1,000 bulk-trigger events against a sandbox with Wix-like latency and the 200/min limit. */
export async function benchBulkSync(
  broker: RabbitNode,
  catalogVersion: "V1" | "V3",
  items: number,
  latencyMs: number,
  rateLimitPerMinute: number,
): Promise<BulkSyncResult> {
  const env = await startEnvironment({
    name: `bulk_${catalogVersion}`,
    broker,
    sandbox: { catalogVersion, rateLimitPerMinute, latencyMs },
    config: { rate_limit_per_minute: rateLimitPerMinute },
  });
  const proxy = await startRecordingProxy(env.sandbox.url);
  env.writeback.setConfig({ ...(await currentConfig(env.writeback.url)), wix_base_url: proxy.url });
  try {
    await env.startWorker();
    const events = Array.from({ length: items }, (_, index) => bulkEvent(index, 1));
    const started = Date.now();
    await env.publish(events);
    await env.waitForResults(
      events.map((event) => event.event_id),
      Math.max(30 * 60_000, items * 2000),
    );
    const wallSeconds = (Date.now() - started) / 1000;
    const results = events.map((event) => env.writeback.results.get(event.event_id)!);
    const statuses: Record<string, number> = {};
    for (const result of results) statuses[result.status] = (statuses[result.status] ?? 0) + 1;
    const bulkRequests = proxy.requests.filter((request) => request.path.includes("/bulk/"));
    const bulkItems = bulkRequests.reduce((sum, request) => {
      try {
        return sum + ((JSON.parse(request.body) as { products?: unknown[] }).products?.length ?? 0);
      } catch {
        return sum;
      }
    }, 0);
    const wixCalls = proxy.requests.length;
    const boundSeconds = (wixCalls * 60) / rateLimitPerMinute;
    return {
      catalogVersion,
      items,
      wallSeconds: Math.round(wallSeconds * 10) / 10,
      wixCalls,
      rateLimitPerMinute,
      latencyMs,
      boundSeconds: Math.round(boundSeconds * 10) / 10,
      ratio: Math.round((wallSeconds / boundSeconds) * 1000) / 1000,
      oneCallPerItemBoundSeconds: (items * 60) / rateLimitPerMinute,
      failed: statuses.Failed ?? 0,
      statuses,
      answers429: proxy.requests.filter((request) => request.status === 429).length,
      bulkCalls: bulkRequests.length,
      itemsPerBulkCall: bulkRequests.length
        ? Math.round((bulkItems / bulkRequests.length) * 10) / 10
        : null,
      callsByRoute: countRoutes(proxy.requests),
    };
  } finally {
    await env.close();
    await proxy.close();
  }
}

async function currentConfig(frappeUrl: string): Promise<Record<string, unknown>> {
  const response = await fetch(`${frappeUrl}/api/method/wix_integration.api.worker.get_config`, {
    headers: { authorization: "token bench-api-key:bench-api-secret" },
  });
  return ((await response.json()) as { message: Record<string, unknown> }).message;
}

export interface CallsPerItemPhase {
  items: number;
  calls: number;
  callsPerItem: number;
  mediaCalls: number;
  mediaCallsPerItem: number;
  statuses: Record<string, number>;
  callsByRoute: Record<string, number>;
}

export interface CallsPerItemResult {
  catalogVersion: "V1" | "V3";
  versionCheckCalls: number;
  create: CallsPerItemPhase;
  update: CallsPerItemPhase;
  unchanged: CallsPerItemPhase;
}

/** (c) Wix calls per item for a first sync, an update and a save that changes nothing. */
export async function benchCallsPerItem(
  broker: RabbitNode,
  catalogVersion: "V1" | "V3",
  items: number,
): Promise<CallsPerItemResult> {
  const env = await startEnvironment({
    name: `calls_${catalogVersion}`,
    broker,
    sandbox: { catalogVersion, rateLimitPerMinute: 0 },
  });
  const proxy = await startRecordingProxy(env.sandbox.url);
  env.writeback.setConfig({ ...(await currentConfig(env.writeback.url)), wix_base_url: proxy.url });
  try {
    await env.startWorker();
    const phase = async (events: ItemUpsertEvent[]): Promise<CallsPerItemPhase> => {
      const from = proxy.requests.length;
      await env.publish(events);
      await env.waitForResults(
        events.map((event) => event.event_id),
        5 * 60_000,
      );
      await sleep(500);
      const requests = proxy.requests
        .slice(from)
        .filter((request) => !request.path.includes("/provision/version"));
      const media = requests.filter((request) => /\/media/.test(request.path));
      const statuses: Record<string, number> = {};
      for (const event of events) {
        const status = env.writeback.results.get(event.event_id)!.status;
        statuses[status] = (statuses[status] ?? 0) + 1;
      }
      const productCalls = requests.length - media.length;
      return {
        items: events.length,
        calls: productCalls,
        callsPerItem: Math.round((productCalls / events.length) * 100) / 100,
        mediaCalls: media.length,
        mediaCallsPerItem: Math.round((media.length / events.length) * 100) / 100,
        statuses,
        callsByRoute: countRoutes(requests),
      };
    };
    const withImage = (index: number, revision: number) => {
      const item = makeItem(index, revision);
      return { ...item, images: [`https://shop.example.com/files/item-${index}.jpg`] };
    };
    const autoEvent = (item: ReturnType<typeof makeItem>) => ({
      ...upsertEvent(item, mappingFrom(env.writeback.latestByItem().get(item.item_code))),
      trigger: "auto" as const,
    });

    const create = await phase(
      Array.from({ length: items }, (_, index) => autoEvent(withImage(index, 1))),
    );
    const update = await phase(
      Array.from({ length: items }, (_, index) => autoEvent(withImage(index, 2))),
    );
    const unchanged = await phase(
      Array.from({ length: items }, (_, index) =>
        autoEvent({ ...withImage(index, 2), item_version: itemVersion(3) }),
      ),
    );
    return {
      catalogVersion,
      versionCheckCalls: proxy.requests.filter((request) =>
        request.path.includes("/provision/version"),
      ).length,
      create,
      update,
      unchanged,
    };
  } finally {
    await env.close();
    await proxy.close();
  }
}
