import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

import type { SyncResult } from "../../worker/src/index.js";
import type { Sandbox } from "../../worker/src/sandbox/index.js";
import { AMQP_URL, REDIS_URL } from "./support.js";

const script = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  "fixtures",
  "worker-process.ts",
);

export interface WorkerProcess {
  id: string;
  child: ChildProcess;
  resultsFile: string;
  ready: Promise<void>;
  exited: Promise<number | null>;
}

/**
 * Starts a worker process on a namespace and a sandbox; its results go to `<dir>/<id>.jsonl`.
 * `env` adds WIX_TEST_* variables that fixtures/worker-process.ts reads.
 */
export function spawnWorker(
  id: string,
  namespace: string,
  sandbox: Sandbox,
  dir: string,
  amqpUrl = AMQP_URL,
  env: Record<string, string> = {},
): WorkerProcess {
  const resultsFile = path.join(dir, `${id}.jsonl`);
  const child = spawn(process.execPath, ["--import", "tsx", script], {
    env: {
      ...process.env,
      WIX_TEST_AMQP_URL: amqpUrl,
      WIX_TEST_NAMESPACE: namespace,
      WIX_TEST_REDIS_URL: REDIS_URL,
      WIX_TEST_RESULTS_FILE: resultsFile,
      WIX_TEST_WORKER_ID: id,
      WIX_TEST_SANDBOX_URL: sandbox.url,
      WIX_TEST_SANDBOX_API_KEY: sandbox.apiKey,
      WIX_TEST_SANDBOX_SITE_ID: sandbox.siteId,
      ...env,
    },
    stdio: ["pipe", "pipe", "inherit"],
  });
  const ready = new Promise<void>((resolve, reject) => {
    let output = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("ready")) resolve();
    });
    child.once("exit", (code) =>
      reject(new Error(`worker ${id} exited with ${code} before it was ready`)),
    );
  });
  const exited = new Promise<number | null>((resolve) =>
    child.once("exit", (code) => resolve(code)),
  );
  return { id, child, resultsFile, ready, exited };
}

export function readResults(files: string[]): SyncResult[] {
  return files.flatMap((file) =>
    existsSync(file)
      ? readFileSync(file, "utf8")
          .split("\n")
          .filter((line) => line.trim().startsWith("{"))
          .flatMap((line) => {
            try {
              return [JSON.parse(line) as SyncResult];
            } catch {
              return [];
            }
          })
      : [],
  );
}

export async function waitForResults(
  files: string[],
  eventIds: string[],
  timeoutMs: number,
): Promise<SyncResult[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const results = readResults(files);
    const seen = new Set(results.map((result) => result.event_id));
    const missing = eventIds.filter((id) => !seen.has(id));
    if (missing.length === 0) return results;
    if (Date.now() > deadline)
      throw new Error(`timed out: ${missing.length} of ${eventIds.length} results missing`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
