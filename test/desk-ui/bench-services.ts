// The real bench as a target of the desk page scenario: its site, test credentials from the app's
// CLI fixture, and the web, realtime and background-job processes the scenario needs. Processes
// that were not running are started here, on 127.0.0.1, and stopped by stopBenchServices().
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { openSync } from "node:fs";
import { createConnection, createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

import { BENCH_PATH, benchSite, commonSiteConfig } from "../support/bench-site.js";

export { BENCH_PATH, benchSite };
const FIXTURE_METHOD = "wix_integration.tests.fixtures.ensure_test_users";
const START_TIMEOUT_MS = 90_000;

export interface BenchCredentials {
  manager: { usr: string; pwd: string };
  integration: { user: string; api_key: string; api_secret: string };
}

interface OwnedProcess {
  name: string;
  child: ChildProcess;
  log: string;
}

const owned: OwnedProcess[] = [];

/**
 * Runs the app's CLI fixture, which creates the UI test users with a new password and new API
 * keys. Returns the credentials, or why they could not be made. The fixture's stdout contains
 * the secrets, so no error message here includes it.
 */
export function createTestCredentials(site: string): BenchCredentials | string {
  const run = spawnSync("bench", ["--site", site, "execute", FIXTURE_METHOD], {
    cwd: BENCH_PATH,
    encoding: "utf8",
    timeout: 120_000,
  });
  const line = (run.stdout ?? "")
    .split("\n")
    .reverse()
    .find((text) => text.startsWith("{"));
  if (run.status !== 0 || !line) {
    const detail = (run.stderr || run.error?.message || "no output").trim().slice(-1500);
    return `\`bench --site ${site} execute ${FIXTURE_METHOD}\` failed (exit ${run.status}): ${detail}`;
  }
  try {
    const parsed = JSON.parse(line) as BenchCredentials;
    if (parsed.manager?.pwd && parsed.integration?.api_key && parsed.integration.api_secret) {
      return parsed;
    }
  } catch {
    // Reported below without the line, which may contain a secret.
  }
  return `${FIXTURE_METHOD} printed no credentials in the expected JSON shape`;
}

async function pings(baseUrl: string): Promise<boolean> {
  try {
    const response = await fetch(`${baseUrl}/api/method/ping`, {
      signal: AbortSignal.timeout(3_000),
    });
    return response.ok;
  } catch {
    return false;
  }
}

function portAcceptsConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: "127.0.0.1", port });
    socket.setTimeout(1_000);
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("timeout", () => {
      socket.destroy();
      resolve(false);
    });
    socket.once("error", () => resolve(false));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === "object") resolve(address.port);
        else reject(new Error("no free 127.0.0.1 port"));
      });
    });
  });
}

function start(
  name: string,
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): OwnedProcess {
  const log = path.join(tmpdir(), `wix-desk-ui-${name}-${process.pid}.log`);
  const output = openSync(log, "a");
  // Detached, so the process group (bench forks its Python child) can be stopped as one.
  const child = spawn(command, args, {
    cwd: BENCH_PATH,
    detached: true,
    env,
    stdio: ["ignore", output, output],
  });
  const started = { name, child, log };
  owned.push(started);
  return started;
}

async function waitFor(
  started: OwnedProcess,
  ready: () => Promise<boolean>,
  label: string,
): Promise<string | null> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (await ready()) return null;
    if (started.child.exitCode !== null) {
      return `${label} exited with code ${started.child.exitCode}; see ${started.log}`;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return `${label} was not ready within ${START_TIMEOUT_MS} ms; see ${started.log}`;
}

/**
 * Returns the URL of the bench's web server: WIX_BENCH_URL, else one on 127.0.0.1 at the bench's
 * webserver_port, else a `bench serve` started here on a free 127.0.0.1 port. Returns an error
 * message when none responds to ping.
 */
export async function ensureWebServer(site: string): Promise<{ url: string } | { error: string }> {
  if (process.env.WIX_BENCH_URL) {
    const url = process.env.WIX_BENCH_URL.replace(/\/+$/, "");
    return (await pings(url)) ? { url } : { error: `no Frappe server answers ping at ${url}` };
  }
  const configured = Number(commonSiteConfig().webserver_port ?? 8000);
  const existing = `http://127.0.0.1:${configured}`;
  if (await pings(existing)) return { url: existing };

  const port = await freePort();
  // DEV_SERVER=1, as `bench start` sets it, makes desk connect to socketio_port itself, because no
  // proxy serves /socket.io on the web server's port.
  const server = start(
    "serve",
    "bench",
    ["--site", site, "serve", "--port", String(port), "--noreload"],
    { ...process.env, DEV_SERVER: "1" },
  );
  const url = `http://127.0.0.1:${port}`;
  const error = await waitFor(server, () => pings(url), `bench serve on port ${port}`);
  return error ? { error } : { url };
}

/**
 * Starts Frappe's realtime (socket.io) server unless one listens on the bench's socketio_port.
 * The desk connects to that port, and the server authenticates each socket against the page's
 * origin, so it works with a web server on any port.
 */
export async function ensureRealtimeServer(): Promise<string | null> {
  const port = Number(commonSiteConfig().socketio_port ?? 9000);
  if (await portAcceptsConnections(port)) return null;
  const server = start("socketio", "node", [path.join("apps", "frappe", "socketio.js")]);
  return waitFor(server, () => portAcceptsConnections(port), `the realtime server on port ${port}`);
}

/**
 * Starts a `bench worker` for the default, short and long queues, because bulk sync runs as a
 * background job on the long queue. An extra worker beside a running one only shares the jobs.
 */
export function startJobWorker(): void {
  start("worker", "bench", ["worker", "--queue", "long,default,short"]);
}

/** Stops every process started here, newest first, and waits up to 10 s for each. */
export async function stopBenchServices(): Promise<void> {
  while (owned.length) {
    const { child } = owned.pop()!;
    if (!child.pid || child.exitCode !== null) continue;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    try {
      process.kill(-child.pid, "SIGTERM");
    } catch {
      continue;
    }
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
  }
}
