// A stand-in for the Frappe worker endpoints (get_config, report_result, heartbeat) with token auth.
// It records every result and validates it against the contract. It can also stop listening for a
// while, which is how the fault tests simulate a write-back outage.
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import { readdirSync, readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import path from "node:path";

import { contractDir } from "./contract.js";

const METHOD_PREFIX = "/api/method/wix_integration.api.worker.";
const MAX_BODY_BYTES = 5 * 1024 * 1024;

/** Log statuses Frappe's Wix Integration Log uses for each sync-result status. */
const LOG_STATUS: Record<string, string> = {
  Success: "Success",
  Failed: "Failed",
  Skipped: "Skipped",
  Superseded: "Superseded",
};

export interface SyncResult {
  event_id: string;
  item_code: string;
  operation: string;
  status: "Success" | "Failed" | "Skipped" | "Superseded";
  attempts: number;
  item_version: string | null;
  message: string;
  error: {
    code: string;
    message: string;
    permanent: boolean;
    field: string | null;
    http_status: number | null;
  } | null;
  wix: { product_id: string | null; content_hash: string | null; catalog_version: string | null };
  [key: string]: unknown;
}

export interface ReceivedCall {
  at: number;
  method: string;
  path: string;
  status: number;
  body: string;
}

export interface FrappeWritebackOptions {
  apiKey: string;
  apiSecret: string;
  /** The worker-config document get_config returns; schema_version and the rest must be complete. */
  config: Record<string, unknown>;
  /** Fixed port, so the worker's WIX_FRAPPE_URL stays valid across outages. 0 picks one. */
  port?: number;
  /**
   * Keep only the fields the checks read (ids, status, error, wix) and no request bodies, so a
   * benchmark of 100,000 results fits in memory. Default false.
   */
  lightweight?: boolean;
}

export interface FrappeWriteback {
  readonly url: string;
  readonly port: number;
  /** Results by event_id, the first delivery of each. */
  readonly results: Map<string, SyncResult>;
  /** Number of report_result calls per event_id, so a test can see repeat deliveries. */
  readonly deliveries: Map<string, number>;
  readonly heartbeats: unknown[];
  /** Every request body and response status, for secret scans and debugging. */
  readonly calls: ReceivedCall[];
  /** Documents that failed contract validation, with the reason. */
  readonly invalid: { endpoint: string; body: unknown; errors: string }[];
  setConfig(config: Record<string, unknown>): void;
  /** Stop listening and drop open connections; callers then see ECONNREFUSED. */
  takeDown(): Promise<void>;
  /** Listen again on the same port. */
  bringUp(): Promise<void>;
  /** Take the server down for durationMs, then bring it back; resolves when it is up again. */
  outage(durationMs: number): Promise<void>;
  isUp(): boolean;
  /** Latest result per item_code, by finished_at then arrival. */
  latestByItem(): Map<string, SyncResult>;
  close(): Promise<void>;
}

function loadValidators(): { result: ValidateFunction; heartbeat: ValidateFunction } {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  const schemaDir = path.join(contractDir, "schemas");
  for (const file of readdirSync(schemaDir).filter((name) => name.endsWith(".schema.json"))) {
    ajv.addSchema(JSON.parse(readFileSync(path.join(schemaDir, file), "utf8")));
  }
  return {
    result: ajv.getSchema("urn:wix-integration:sync-result")!,
    heartbeat: ajv.getSchema("urn:wix-integration:heartbeat")!,
  };
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error(`request body larger than ${MAX_BODY_BYTES} bytes`));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
  });
  response.end(text);
}

/** Frappe's error shape: exc_type plus a user-facing message list. */
function sendFrappeError(
  response: ServerResponse,
  status: number,
  excType: string,
  message: string,
): void {
  sendJson(response, status, {
    exc_type: excType,
    _server_messages: JSON.stringify([JSON.stringify({ message })]),
  });
}

function summary(result: SyncResult): SyncResult {
  return {
    event_id: result.event_id,
    item_code: result.item_code,
    operation: result.operation,
    status: result.status,
    attempts: result.attempts,
    item_version: result.item_version,
    finished_at: result.finished_at,
    message: "",
    error: result.error,
    wix: result.wix,
  };
}

/** Start the stand-in on 127.0.0.1. */
export async function startFrappeWriteback(
  options: FrappeWritebackOptions,
): Promise<FrappeWriteback> {
  const validators = loadValidators();
  const expectedAuth = `token ${options.apiKey}:${options.apiSecret}`;
  let config = options.config;
  const results = new Map<string, SyncResult>();
  const arrival = new Map<string, number>();
  const deliveries = new Map<string, number>();
  const heartbeats: unknown[] = [];
  const calls: ReceivedCall[] = [];
  const invalid: FrappeWriteback["invalid"] = [];
  const sockets = new Set<Socket>();
  let arrivalCounter = 0;
  let server: Server | null = null;
  let port = options.port ?? 0;

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    let body = "";
    try {
      body = await readBody(request);
    } catch (error) {
      sendFrappeError(response, 413, "ValidationError", (error as Error).message);
      return;
    }
    const record = (status: number) =>
      calls.push({
        at: Date.now(),
        method: request.method ?? "",
        path: url.pathname,
        status,
        body,
      });

    if (request.headers.authorization !== expectedAuth) {
      record(401);
      sendFrappeError(response, 401, "AuthenticationError", "Invalid API key or secret");
      return;
    }
    if (!url.pathname.startsWith(METHOD_PREFIX)) {
      record(403);
      sendFrappeError(response, 403, "PermissionError", `Not permitted: ${url.pathname}`);
      return;
    }
    const method = url.pathname.slice(METHOD_PREFIX.length);
    if (method === "get_config" && request.method === "GET") {
      record(200);
      sendJson(response, 200, { message: config });
      return;
    }
    if (request.method !== "POST" || (method !== "report_result" && method !== "heartbeat")) {
      record(404);
      sendFrappeError(response, 404, "DoesNotExistError", `No method ${request.method} ${method}`);
      return;
    }
    let parsed: Record<string, unknown>;
    try {
      parsed = JSON.parse(body) as Record<string, unknown>;
    } catch {
      record(417);
      sendFrappeError(response, 417, "ValidationError", "Request body is not valid JSON");
      return;
    }
    if (method === "heartbeat") {
      if (!validators.heartbeat(parsed.heartbeat)) {
        invalid.push({
          endpoint: method,
          body: parsed,
          errors: JSON.stringify(validators.heartbeat.errors),
        });
        record(417);
        sendFrappeError(response, 417, "ValidationError", "heartbeat does not match the contract");
        return;
      }
      if (!options.lightweight) heartbeats.push(parsed.heartbeat);
      record(200);
      sendJson(response, 200, { message: { ok: true } });
      return;
    }
    const result = parsed.result as SyncResult | undefined;
    if (!validators.result(result)) {
      invalid.push({
        endpoint: method,
        body: parsed,
        errors: JSON.stringify(validators.result.errors),
      });
      record(417);
      sendFrappeError(response, 417, "ValidationError", "result does not match the contract");
      return;
    }
    const eventId = result!.event_id;
    deliveries.set(eventId, (deliveries.get(eventId) ?? 0) + 1);
    if (!results.has(eventId)) {
      results.set(eventId, options.lightweight ? summary(result!) : result!);
      arrival.set(eventId, arrivalCounter++);
    }
    const stored = results.get(eventId)!;
    record(200);
    sendJson(response, 200, {
      message: { log: `WIL-${eventId}`, status: LOG_STATUS[stored.status] ?? stored.status },
    });
  }

  function listen(): Promise<void> {
    return new Promise((resolve, reject) => {
      const created = createServer((request, response) => {
        handle(request, response).catch((error: Error) => {
          if (!response.headersSent)
            sendFrappeError(response, 500, "Exception", `stand-in failed: ${error.message}`);
        });
      });
      created.on("connection", (socket) => {
        sockets.add(socket);
        socket.on("close", () => sockets.delete(socket));
      });
      created.once("error", reject);
      created.listen(port, "127.0.0.1", () => {
        port = (created.address() as AddressInfo).port;
        server = created;
        resolve();
      });
    });
  }

  async function takeDown(): Promise<void> {
    const current = server;
    if (!current) return;
    server = null;
    const closed = new Promise<void>((resolve) => current.close(() => resolve()));
    for (const socket of sockets) socket.destroy();
    await closed;
  }

  async function bringUp(): Promise<void> {
    if (server) return;
    // Retry briefly in case the old listener has not released the port yet.
    for (let attempt = 0; ; attempt += 1) {
      try {
        await listen();
        return;
      } catch (error) {
        if (attempt >= 20) throw error;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
  }

  await listen();

  return {
    get url() {
      return `http://127.0.0.1:${port}`;
    },
    get port() {
      return port;
    },
    results,
    deliveries,
    heartbeats,
    calls,
    invalid,
    setConfig(next) {
      config = next;
    },
    takeDown,
    bringUp,
    async outage(durationMs) {
      await takeDown();
      await new Promise((resolve) => setTimeout(resolve, durationMs));
      await bringUp();
    },
    isUp: () => server !== null,
    latestByItem() {
      const latest = new Map<string, SyncResult>();
      for (const result of results.values()) {
        const current = latest.get(result.item_code);
        const newer =
          !current ||
          String(result.finished_at) > String(current.finished_at) ||
          (String(result.finished_at) === String(current.finished_at) &&
            arrival.get(result.event_id)! > arrival.get(current.event_id)!);
        if (newer) latest.set(result.item_code, result);
      }
      return latest;
    },
    close: takeDown,
  };
}
