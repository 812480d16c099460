// Run the benchmarks named on the command line (default: a b c d) and rewrite docs/benchmarks.md.
// Results of each benchmark are also kept in bench/results/<id>.json, so running one benchmark
// again keeps the others' last figures on the page.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import os, { homedir } from "node:os";
import path from "node:path";

import amqp from "amqplib";
import * as prettier from "prettier";

import { topologyNames } from "../worker/src/amqp/names.js";
import { declareTopology } from "../worker/src/amqp/topology.js";
import { topology } from "../worker/src/contract/index.js";
import { startRabbitNode } from "../test/support/rabbit-node.js";
import { repoRoot } from "./environment.js";
import { describeMachine } from "./machine.js";
import { benchPublishOverhead } from "./publish-overhead.js";
import { renderReport, type BenchRecord } from "./report.js";
import { benchBulkSync, benchCallsPerItem, benchThroughput } from "./scenarios.js";

const BENCHMARKS = ["a", "b", "c", "d"] as const;
type BenchmarkId = (typeof BENCHMARKS)[number];

const numberFromEnv = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const BACKLOG = numberFromEnv("WIX_BENCH_BACKLOG", 100_000);
const THROUGHPUT_SECONDS = numberFromEnv("WIX_BENCH_THROUGHPUT_SECONDS", 240);
const AUTO_ITEMS = numberFromEnv("WIX_BENCH_AUTO_ITEMS", 5000);
const BULK_ITEMS = numberFromEnv("WIX_BENCH_BULK_ITEMS", 1000);
const CALL_ITEMS = numberFromEnv("WIX_BENCH_CALL_ITEMS", 100);
const SAVES = numberFromEnv("WIX_BENCH_SAVES", 1000);
const BENCH_PATH = process.env.WIX_BENCH_PATH ?? path.join(homedir(), "frappe-bench");

const resultsDir = path.join(repoRoot, "bench", "results");
const docPath = path.join(repoRoot, "docs", "benchmarks.md");

function parseArguments(): BenchmarkId[] {
  const named = process.argv.slice(2);
  const unknown = named.filter((name) => !BENCHMARKS.includes(name as BenchmarkId));
  if (unknown.length) {
    console.error(`unknown benchmark ${unknown.join(", ")}; choose from ${BENCHMARKS.join(" ")}`);
    process.exit(2);
  }
  return named.length ? (named as BenchmarkId[]) : [...BENCHMARKS];
}

async function runOne(id: BenchmarkId): Promise<unknown> {
  const broker = await startRabbitNode();
  try {
    if (id === "d") return await publishOverhead(broker.url);
    if (id === "a") {
      return {
        bulk: await benchThroughput(broker, "bulk", BACKLOG, THROUGHPUT_SECONDS),
        auto: await benchThroughput(broker, "auto", AUTO_ITEMS, THROUGHPUT_SECONDS),
      };
    }
    if (id === "b") {
      return {
        V1: await benchBulkSync(broker, "V1", BULK_ITEMS, 150, 200),
        V3: await benchBulkSync(broker, "V3", BULK_ITEMS, 150, 200),
      };
    }
    return {
      V1: await benchCallsPerItem(broker, "V1", CALL_ITEMS),
      V3: await benchCallsPerItem(broker, "V3", CALL_ITEMS),
    };
  } finally {
    await broker.dispose();
  }
}

/** Run (d) with the app's topology declared on the benchmark's node, and count what reached it. */
async function publishOverhead(amqpUrl: string): Promise<unknown> {
  const connection = await amqp.connect(amqpUrl);
  try {
    const channel = await connection.createChannel();
    await declareTopology(channel);
    const result = benchPublishOverhead(BENCH_PATH, SAVES, amqpUrl);
    let queued = 0;
    for (let shard = 0; shard < topology.item_shards; shard++) {
      queued += (await channel.checkQueue(topologyNames().itemQueue(shard))).messageCount;
    }
    return { ...result, messagesOnBroker: queued };
  } finally {
    await connection.close();
  }
}

/** Return the checked-out commit, marked "+changes" when worker/ has uncommitted edits. */
function gitCommit(): string {
  const git = (args: string[]) =>
    spawnSync("git", args, { cwd: repoRoot, encoding: "utf8" }).stdout?.trim() ?? "";
  const head = git(["rev-parse", "--short", "HEAD"]) || "unknown";
  return git(["status", "--porcelain", "--", "worker"]) ? `${head}+changes` : head;
}

/** Format text with the repository's Prettier settings, so `prettier --check .` passes on it. */
async function formatted(file: string, text: string, parser: "json" | "markdown"): Promise<string> {
  const options = (await prettier.resolveConfig(file)) ?? {};
  return prettier.format(text, { ...options, parser });
}

async function main(): Promise<void> {
  const chosen = parseArguments();
  mkdirSync(resultsDir, { recursive: true });
  const command = `npm run bench${chosen.length < BENCHMARKS.length ? ` -- ${chosen.join(" ")}` : ""}`;
  for (const id of chosen) {
    console.log(`benchmark ${id}: running`);
    const loadBefore = os.loadavg().map((value) => Math.round(value * 100) / 100);
    const started = Date.now();
    const result = await runOne(id);
    const record: BenchRecord = {
      id,
      ranAt: new Date().toISOString(),
      seconds: Math.round((Date.now() - started) / 1000),
      loadAverage: {
        before: loadBefore,
        after: os.loadavg().map((v) => Math.round(v * 100) / 100),
      },
      command,
      commit: gitCommit(),
      machine: await describeMachine("amqp://guest:guest@127.0.0.1:5672/%2F", BENCH_PATH),
      settings: {
        backlog: BACKLOG,
        throughputSeconds: THROUGHPUT_SECONDS,
        autoItems: AUTO_ITEMS,
        bulkItems: BULK_ITEMS,
        callItems: CALL_ITEMS,
        saves: SAVES,
      },
      result,
    };
    const file = path.join(resultsDir, `${id}.json`);
    writeFileSync(file, await formatted(file, JSON.stringify(record), "json"));
    console.log(`benchmark ${id}: ${JSON.stringify(result)}`);
  }
  const records = BENCHMARKS.map((id) => path.join(resultsDir, `${id}.json`))
    .filter((file) => existsSync(file))
    .map((file) => JSON.parse(readFileSync(file, "utf8")) as BenchRecord);
  writeFileSync(
    docPath,
    await prettier.format(renderReport(records), { parser: "markdown", printWidth: 100 }),
  );
  console.log(`wrote ${path.relative(repoRoot, docPath)}`);
}

await main();
