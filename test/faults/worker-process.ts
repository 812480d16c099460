// A worker as its own OS process (worker/src/main.ts through tsx), so a test can SIGKILL it and keep
// every line it wrote for later scans.
import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, type WriteStream } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";

import { repoRoot } from "../support/contract.js";

const MAIN = path.join(repoRoot, "worker", "src", "main.ts");
/** The flags and entry of worker/package.json's `start` script, which `npm run worker` runs. */
export const COMPILED_ARGS = [
  "--max-semi-space-size=4",
  path.join(repoRoot, "worker", "dist", "main.js"),
];
const READY_TIMEOUT_MS = 60_000;

export interface WorkerProcess {
  readonly pid: number | undefined;
  readonly httpPort: number;
  /** stdout and stderr so far, in arrival order. */
  output(): string;
  /** Resolve when /healthz returns 200. */
  ready(): Promise<void>;
  kill(signal: NodeJS.Signals): Promise<number | null>;
  exited(): boolean;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Start the worker with `env` on top of a minimal environment (PATH and HOME only): worker/src/main.ts
 * through tsx, or with `compiled` the tsc output worker/dist/main.js, as `npm run worker` runs it.
 */
export async function spawnWorker(
  env: Record<string, string>,
  logFile?: string,
  options: { compiled?: boolean } = {},
): Promise<WorkerProcess> {
  const httpPort = Number(env.WIX_HTTP_PORT ?? (await freePort()));
  const args = options.compiled ? COMPILED_ARGS : ["--import", "tsx", MAIN];
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: repoRoot,
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      ...env,
      WIX_HTTP_PORT: String(httpPort),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const chunks: string[] = [];
  const file: WriteStream | null = logFile ? createWriteStream(logFile, { flags: "a" }) : null;
  const collect = (chunk: Buffer) => {
    const text = chunk.toString("utf8");
    chunks.push(text);
    file?.write(text);
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  let exitCode: number | null | undefined;
  const exit = new Promise<number | null>((resolve) =>
    child.once("exit", (code) => {
      exitCode = code;
      file?.end();
      resolve(code);
    }),
  );

  return {
    pid: child.pid,
    httpPort,
    output: () => chunks.join(""),
    async ready() {
      const deadline = Date.now() + READY_TIMEOUT_MS;
      while (Date.now() < deadline) {
        if (exitCode !== undefined) {
          throw new Error(
            `worker exited with ${exitCode} before /healthz answered:\n${chunks.join("").slice(-3000)}`,
          );
        }
        try {
          const response = await fetch(`http://127.0.0.1:${httpPort}/healthz`);
          if (response.ok) return;
        } catch {
          // not listening yet
        }
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      throw new Error(
        `worker /healthz on 127.0.0.1:${httpPort} not ready in ${READY_TIMEOUT_MS} ms`,
      );
    },
    async kill(signal) {
      if (exitCode !== undefined) return exitCode;
      child.kill(signal);
      return exit;
    },
    exited: () => exitCode !== undefined,
  };
}
