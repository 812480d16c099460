// Render docs/benchmarks.md from the benchmark records: machine, versions, command, and one table
// per benchmark with each figure beside its target.
import type { MachineInfo } from "./machine.js";
import type { PublishOverheadResult } from "./publish-overhead.js";
import type { BulkSyncResult, CallsPerItemResult, ThroughputResult } from "./scenarios.js";

export interface BenchRecord {
  id: "a" | "b" | "c" | "d";
  ranAt: string;
  seconds: number;
  /** 1, 5 and 15 minute load averages before and after the run; other work shares the machine. */
  loadAverage?: { before: number[]; after: number[] };
  command: string;
  /** Git commit the run used; older records have none. */
  commit?: string;
  machine: MachineInfo;
  settings: Record<string, number>;
  result: unknown;
}

function verdict(met: boolean | null): string {
  if (met === null) return "n/a";
  return met ? "met" : "**missed**";
}

function table(header: string[], rows: (string | number | null)[][]): string {
  const line = (cells: (string | number | null)[]) =>
    `| ${cells.map((cell) => (cell === null ? "–" : String(cell))).join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}

function runLine(record: BenchRecord): string {
  const load = record.loadAverage
    ? ` Load average (1/5/15 min) ${record.loadAverage.before.join(" / ")} before and ${record.loadAverage.after.join(" / ")} after.`
    : "";
  const commit = record.commit ? ` at commit ${record.commit}` : "";
  return `Ran ${record.ranAt} in ${record.seconds} s with \`${record.command}\`${commit}.${load}`;
}

function throughputSection(record: BenchRecord): string {
  const { bulk, auto } = record.result as { bulk: ThroughputResult; auto: ThroughputResult };
  const row = (run: ThroughputResult, label: string) => [
    label,
    run.backlog,
    run.processed,
    run.seconds,
    run.itemsPerSecond,
    verdict(run.itemsPerSecond >= 300),
    run.maxRssMiB,
    verdict(run.maxRssMiB === null ? null : run.maxRssMiB <= 200),
    run.failed,
    run.wixCalls,
  ];
  return [
    "## (a) Worker throughput, no latency, no rate limit",
    "",
    runLine(record),
    "",
    "One worker process (Frappe mode, item state in Redis) against the sandbox with no latency and no",
    "429s. The worker's own limit is 10,000 calls a minute, the maximum the worker-config contract",
    "allows. The backlog is published before the worker starts; items/s is results received divided",
    "by the time from worker start to the last result. RSS is the worker process's peak VmRSS,",
    "sampled every 500 ms. Sandbox, broker, Redis and the Frappe stand-in share the same 2 cores.",
    "",
    table(
      [
        "trigger",
        "backlog",
        "processed",
        "seconds",
        "items/s",
        "≥300/s",
        "peak RSS MiB",
        "≤200 MB",
        "failed",
        "Wix calls",
      ],
      [row(bulk, "bulk (V3 bulk calls)"), row(auto, "auto (one item a call)")],
    ),
    "",
    bulk.cappedBySeconds
      ? `The bulk run stopped after ${bulk.seconds} s with ${bulk.processed} of ${bulk.backlog} done (time cap WIX_BENCH_THROUGHPUT_SECONDS).`
      : "",
  ].join("\n");
}

function bulkSection(record: BenchRecord): string {
  const runs = record.result as { V1: BulkSyncResult; V3: BulkSyncResult };
  // The token bucket starts full, so the first `limit` calls need no wait at all.
  const fullBucketBound = (run: BulkSyncResult) =>
    Math.round(
      (Math.max(0, run.wixCalls - run.rateLimitPerMinute) * 600) / run.rateLimitPerMinute,
    ) / 10;
  const fullBucketRatio = (run: BulkSyncResult) => {
    const bound = fullBucketBound(run);
    return bound > 0 ? Math.round((run.wallSeconds / bound) * 1000) / 1000 : null;
  };
  const row = (run: BulkSyncResult) => [
    run.catalogVersion,
    run.items,
    run.wallSeconds,
    run.wixCalls,
    run.boundSeconds,
    run.ratio,
    fullBucketBound(run),
    fullBucketRatio(run),
    fullBucketRatio(run) === null
      ? "n/a: no call waited for the limit"
      : verdict(fullBucketRatio(run)! <= 1.05),
    Math.round((run.wallSeconds / run.oneCallPerItemBoundSeconds) * 1000) / 1000,
    run.failed,
    verdict(run.failed === 0),
    run.answers429,
    run.itemsPerBulkCall,
    run.catalogVersion === "V3" ? verdict((run.itemsPerBulkCall ?? 0) >= 90) : "n/a",
  ];
  const routes = (run: BulkSyncResult) =>
    Object.entries(run.callsByRoute)
      .map(([route, count]) => `\`${route}\` ${count}`)
      .join(", ");
  return [
    "## (b) 1,000-item bulk sync, 150 ms latency, 200 calls a minute",
    "",
    runLine(record),
    "",
    "Bulk-trigger events for new items, published at once. The sandbox adds 150 ms to every response",
    "and enforces 200 requests a minute per site, and the worker's token bucket is set to the same",
    "200. Three bounds are shown. The steady bound is Wix calls × 60 s ÷ 200. The full-bucket bound",
    "is (calls − 200) × 60 s ÷ 200, because the bucket starts full and the first 200 calls wait for",
    "nothing; the verdict uses it. When it is 0, no call had to wait for the limit, so the ratio",
    "measures latency rather than rate limiting and gets no verdict. The",
    "one-call-per-item bound is items × 60 s ÷ 200 (300 s for 1,000 items). Calls are counted by a",
    "recording proxy in front of the sandbox.",
    "",
    table(
      [
        "catalog",
        "items",
        "wall s",
        "Wix calls",
        "steady bound s",
        "steady ratio",
        "full-bucket bound s",
        "full-bucket ratio",
        "≤1.05",
        "ratio to 1 call/item",
        "failed",
        "0 failures",
        "429s",
        "items per bulk call",
        "≥90",
      ],
      [row(runs.V1), row(runs.V3)],
    ),
    "",
    `Calls by route, V1: ${routes(runs.V1)}.`,
    "",
    `Calls by route, V3: ${routes(runs.V3)}.`,
    "",
    `One call per item would take ${runs.V1.oneCallPerItemBoundSeconds} s for ${runs.V1.items} items.`,
  ].join("\n");
}

function callsSection(record: BenchRecord): string {
  const runs = record.result as { V1: CallsPerItemResult; V3: CallsPerItemResult };
  const rows: (string | number | null)[][] = [];
  for (const run of [runs.V1, runs.V3]) {
    const targets = { create: 1, update: 1, unchanged: 0 } as const;
    for (const phase of ["create", "update", "unchanged"] as const) {
      const figures = run[phase];
      rows.push([
        run.catalogVersion,
        phase === "unchanged" ? "save that changes nothing" : phase,
        figures.items,
        figures.callsPerItem,
        run.catalogVersion === "V3" ? targets[phase] : "–",
        run.catalogVersion === "V3" ? verdict(figures.callsPerItem <= targets[phase]) : "n/a",
        figures.mediaCallsPerItem,
        JSON.stringify(figures.statuses),
      ]);
    }
  }
  const routes = (run: CallsPerItemResult) =>
    (["create", "update", "unchanged"] as const)
      .map(
        (phase) =>
          `${phase}: ${
            Object.entries(run[phase].callsByRoute)
              .map(([route, count]) => `\`${route}\` ${count}`)
              .join(", ") || "none"
          }`,
      )
      .join("; ");
  return [
    "## (c) Wix calls per item",
    "",
    runLine(record),
    "",
    "Auto-trigger (single save) events for items with one https image, in three rounds: first sync",
    "of new items, an update of name and price with the mapping Frappe would hold, and a save that",
    "changes nothing (new Item.modified, same content, the content hash from the last result). The",
    "one catalog-version check per worker is left out. V1 media calls are counted separately.",
    "",
    table(
      [
        "catalog",
        "round",
        "items",
        "product calls/item",
        "target",
        "verdict",
        "media calls/item",
        "results",
      ],
      rows,
    ),
    "",
    `Routes, V1 — ${routes(runs.V1)}.`,
    "",
    `Routes, V3 — ${routes(runs.V3)}.`,
  ].join("\n");
}

function publishSection(record: BenchRecord): string {
  const result = record.result as PublishOverheadResult;
  if (result.skipped) {
    return [
      "## (d) Publish overhead on an Item save",
      "",
      runLine(record),
      "",
      `Not measured: ${result.skipped}.`,
    ].join("\n");
  }
  return [
    "## (d) Publish overhead on an Item save",
    "",
    runLine(record),
    "",
    `${result.saves} saves (\`doc.save()\` plus commit) of one Item on site ${result.site}, in the`,
    "bench's own Python. The overhead is the time spent in the app's Item on_update hook (the",
    "outbox row, written in the save's transaction) plus its after-commit publish to RabbitMQ with",
    "publisher confirms, timed around those two functions on every save. After an automatic save the",
    "publish ends with a note in Redis; the Published UPDATE runs later, in the outbox republisher.",
    "A site whose scheduler is off gets the UPDATE at once, so the benchmark makes the app act as if",
    "the bench's scheduler ran.",
    "As a cross-check, whole",
    "saves were also timed with Wix sync off and then on; their difference is noisy on a shared",
    `machine. Log rows written with sync on: ${result.messagesPublished}; messages that reached the`,
    `benchmark's broker: ${(result as { messagesOnBroker?: number }).messagesOnBroker ?? "–"}.`,
    `Saves that hit a MariaDB deadlock and were repeated: ${result.deadlocks ?? "–"}.`,
    "",
    table(
      ["", "p50 ms", "p99 ms", "target"],
      [
        [
          "publish overhead (hook + publish)",
          result.hookMs!.p50,
          result.hookMs!.p99,
          `p99 ≤5: ${verdict(result.hookMs!.p99 <= 5)}`,
        ],
        [
          "of which on_update hook (outbox row)",
          result.partsMs?.hook.p50 ?? null,
          result.partsMs?.hook.p99 ?? null,
          "",
        ],
        [
          "of which after-commit publish",
          result.partsMs?.publish.p50 ?? null,
          result.partsMs?.publish.p99 ?? null,
          "",
        ],
        ["whole save, sync off", result.withoutSyncMs!.p50, result.withoutSyncMs!.p99, ""],
        ["whole save, sync on", result.withSyncMs!.p50, result.withSyncMs!.p99, ""],
        ["difference on − off", result.overheadMs!.p50, result.overheadMs!.p99, ""],
      ],
    ),
  ].join("\n");
}

function machineSection(records: BenchRecord[]): string {
  const machine = records[records.length - 1]!.machine;
  return [
    "## Machine and versions",
    "",
    table(
      ["", ""],
      [
        ["CPUs (nproc)", machine.cpus],
        ["CPU model", machine.cpuModel],
        ["memory", `${machine.memoryGiB} GiB`],
        ["OS", `${machine.os}, kernel ${machine.kernel}`],
        ["Node.js", machine.node],
        ["RabbitMQ", `${machine.rabbitmq} on ${machine.erlang}`],
        ["Redis", machine.redis],
        ["Frappe", machine.frappe],
      ],
    ),
  ].join("\n");
}

const RENDERERS = { a: throughputSection, b: bulkSection, c: callsSection, d: publishSection };

export function renderReport(records: BenchRecord[]): string {
  const sections = records.map((record) => RENDERERS[record.id](record));
  return [
    "# Benchmarks",
    "",
    "Written by `npm run bench` (`node bench/run.mjs`); run one benchmark with",
    "`npm run bench -- b`. Every run starts its own RabbitMQ node on a free port beside 5672, a Wix",
    "sandbox and a Frappe stand-in on 127.0.0.1, and starts the worker as a separate process",
    "as `npm run worker` runs it (tsc output, `node --max-semi-space-size=4 worker/dist/main.js`).",
    "Raw figures are in `bench/results/<id>.json`. Sizes can be",
    "changed with WIX_BENCH_BACKLOG, WIX_BENCH_THROUGHPUT_SECONDS, WIX_BENCH_AUTO_ITEMS,",
    "WIX_BENCH_BULK_ITEMS, WIX_BENCH_CALL_ITEMS and WIX_BENCH_SAVES. These are measurements on one",
    "shared 2-core machine, not guarantees.",
    "",
    records.length ? machineSection(records) : "No benchmark has run yet.",
    "",
    ...sections.flatMap((section) => [section, ""]),
  ].join("\n");
}
