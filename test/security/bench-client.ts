// A small client for the local Frappe bench's web server, for tests that check roles and responses
// over HTTP. It talks to WIX_BENCH_URL. Else, when WIX_BENCH_PATH contains a bench with a site, it talks
// to that bench's web server on 127.0.0.1 at webserver_port, or to a `bench serve` it starts itself on
// a free 127.0.0.1 port and stops afterwards.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, openSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { freePort } from "../faults/worker-process.js";
import { BENCH_PATH, benchSite, commonSiteConfig, noSiteReason } from "../support/bench-site.js";

const DEFAULT_BENCH_URL = "http://127.0.0.1:8000";
const SERVE_START_TIMEOUT_MS = 90_000;
let benchUrl = (process.env.WIX_BENCH_URL ?? DEFAULT_BENCH_URL).replace(/\/+$/, "");
/** Administrator password of the local test site; BENCH_NOTES.md in the bench records it. */
const ADMIN_PASSWORD = process.env.WIX_BENCH_ADMIN_PASSWORD ?? "admin";

export type Auth = { token: string } | { cookie: string } | null;

export interface BenchResponse {
  status: number;
  text: string;
  json: { message?: unknown; exc_type?: string } | null;
}

async function pings(): Promise<boolean> {
  try {
    return (await call("GET", "frappe.ping", null)).status === 200;
  } catch {
    return false;
  }
}

let ownServer: ChildProcess | null = null;

/** Start `bench serve` on a free port for the bench's site (see benchSite), and point the client at it. */
async function startOwnServer(): Promise<string | null> {
  if (!existsSync(path.join(BENCH_PATH, "apps", "frappe"))) {
    return `no bench at ${BENCH_PATH}, and no web server at ${benchUrl}`;
  }
  const site = benchSite();
  if (!site) return `${noSiteReason()}, and no web server at ${benchUrl}`;
  const port = await freePort();
  const log = path.join(tmpdir(), `wix-bench-serve-${port}.log`);
  const output = openSync(log, "a");
  ownServer = spawn("bench", ["--site", site, "serve", "--port", String(port), "--noreload"], {
    cwd: BENCH_PATH,
    detached: true,
    stdio: ["ignore", output, output],
  });
  benchUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + SERVE_START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (await pings()) return null;
    if (ownServer.exitCode !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  await stopBenchServer();
  return `bench serve on port ${port} did not answer ping within ${SERVE_START_TIMEOUT_MS} ms; see ${log}`;
}

/** Stop the web server this client started, if any. */
export async function stopBenchServer(): Promise<void> {
  const server = ownServer;
  ownServer = null;
  if (!server?.pid || server.exitCode !== null) return;
  const exited = new Promise((resolve) => server.once("exit", resolve));
  try {
    process.kill(-server.pid, "SIGTERM");
  } catch {
    return;
  }
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
}

/**
 * Find or start a bench web server and return why the bench tests cannot run, or null when the
 * server and the wix_integration app are up. Call stopBenchServer() when done.
 */
export async function benchUnavailableReason(): Promise<string | null> {
  if (!process.env.WIX_BENCH_URL) {
    // The server on the default port may belong to another bench, so look for ours first.
    if (!existsSync(path.join(BENCH_PATH, "apps", "frappe"))) {
      return `no bench at ${BENCH_PATH}: set WIX_BENCH_PATH to a bench, or WIX_BENCH_URL to its web server`;
    }
    if (!benchSite()) return noSiteReason();
    benchUrl = `http://127.0.0.1:${Number(commonSiteConfig().webserver_port ?? 8000)}`;
  }
  if (!(await pings())) {
    if (process.env.WIX_BENCH_URL) return `bench web server ${benchUrl} is not reachable`;
    const reason = await startOwnServer();
    if (reason) return reason;
  }
  const admin = await loginAdministrator().catch((error: Error) => error);
  if (admin instanceof Error) return admin.message;
  const versions = await call("GET", "frappe.utils.change_log.get_versions", admin);
  const apps = (versions.json?.message ?? {}) as Record<string, unknown>;
  if (!("wix_integration" in apps))
    return `wix_integration is not installed on the site at ${benchUrl}`;
  return null;
}

/** A request body sent as is, e.g. a webhook JWT posted as text/plain. */
export interface RawBody {
  raw: string;
  contentType: string;
}

function isRawBody(body: unknown): body is RawBody {
  return typeof body === "object" && body !== null && "raw" in body && "contentType" in body;
}

async function send(
  method: "GET" | "POST" | "PUT",
  url: string,
  auth: Auth,
  body?: unknown,
): Promise<BenchResponse> {
  const headers: Record<string, string> = { accept: "application/json" };
  if (auth && "token" in auth) headers.authorization = `token ${auth.token}`;
  if (auth && "cookie" in auth) headers.cookie = auth.cookie;
  let payload: string | undefined;
  if (isRawBody(body)) {
    headers["content-type"] = body.contentType;
    payload = body.raw;
  } else if (body !== undefined) {
    headers["content-type"] = "application/json";
    payload = JSON.stringify(body);
  }
  const response = await fetch(url, {
    method,
    headers,
    body: payload,
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  let json: BenchResponse["json"] = null;
  try {
    json = JSON.parse(text) as BenchResponse["json"];
  } catch {
    json = null;
  }
  return { status: response.status, text, json };
}

/** Call a whitelisted method: `/api/method/<dottedPath>`. */
export function call(
  method: "GET" | "POST",
  dottedPath: string,
  auth: Auth,
  body?: unknown,
): Promise<BenchResponse> {
  return send(method, `${benchUrl}/api/method/${dottedPath}`, auth, body);
}

/** Call the REST resource API: `/api/resource/<doctypePath>`. */
export function resource(
  method: "GET" | "POST" | "PUT",
  doctypePath: string,
  auth: Auth,
  body?: unknown,
): Promise<BenchResponse> {
  return send(method, `${benchUrl}/api/resource/${doctypePath}`, auth, body);
}

export async function loginAdministrator(): Promise<Auth> {
  const response = await fetch(`${benchUrl}/api/method/login`, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify({ usr: "Administrator", pwd: ADMIN_PASSWORD }),
    signal: AbortSignal.timeout(30_000),
  });
  const sid = response.headers
    .getSetCookie()
    .map((cookie) => cookie.split(";")[0]!)
    .find((cookie) => cookie.startsWith("sid=") && cookie !== "sid=Guest");
  if (response.status !== 200 || !sid) {
    throw new Error(
      `Administrator login at ${benchUrl} failed with ${response.status}; set WIX_BENCH_ADMIN_PASSWORD`,
    );
  }
  return { cookie: sid };
}

/**
 * Create (or reuse) a user with exactly `roles`, give it fresh API keys, and return token auth.
 * Frappe makes it a System User when one of the roles has desk access, else a Website User.
 * Users are named `<prefix>@example.com`, so repeated runs reuse them.
 */
export async function ensureUserWithKeys(
  admin: Auth,
  prefix: string,
  roles: string[],
): Promise<{ email: string; auth: Auth; apiKey: string; apiSecret: string }> {
  const email = `${prefix}@example.com`;
  const existing = await resource("GET", `User/${encodeURIComponent(email)}`, admin);
  const doc = {
    email,
    first_name: prefix,
    send_welcome_email: 0,
    enabled: 1,
    roles: roles.map((role) => ({ role })),
  };
  const saved =
    existing.status === 200
      ? await resource("PUT", `User/${encodeURIComponent(email)}`, admin, doc)
      : await resource("POST", "User", admin, doc);
  if (saved.status !== 200) {
    throw new Error(
      `could not save test user ${email}: ${saved.status} ${saved.text.slice(0, 300)}`,
    );
  }
  const keys = await call("POST", "frappe.core.doctype.user.user.generate_keys", admin, {
    user: email,
  });
  const message = keys.json?.message as { api_key?: string; api_secret?: string } | undefined;
  if (keys.status !== 200 || !message?.api_key || !message.api_secret) {
    throw new Error(
      `could not generate API keys for ${email}: ${keys.status} ${keys.text.slice(0, 300)}`,
    );
  }
  return {
    email,
    auth: { token: `${message.api_key}:${message.api_secret}` },
    apiKey: message.api_key,
    apiSecret: message.api_secret,
  };
}
