import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";

import type { SyncResult, WorkerConfig } from "../../worker/src/index.js";

/** A stand-in for the Frappe worker endpoints, on loopback, that a test can take down and bring back. */
export interface MockFrappe {
  url: string;
  apiKey: string;
  apiSecret: string;
  /** Results by event_id; report_result is idempotent per event, as Frappe's is. */
  results: Map<string, SyncResult>;
  reportCalls: number;
  configCalls: number;
  heartbeats: unknown[];
  authorizations: Set<string>;
  down: boolean;
  /** When true, requests are read and never answered, as from a Frappe that stopped responding. */
  hanging: boolean;
  config: WorkerConfig;
  close(): Promise<void>;
}

async function body(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return chunks.length ? JSON.parse(Buffer.concat(chunks).toString("utf8")) : null;
}

export async function startMockFrappe(config: WorkerConfig): Promise<MockFrappe> {
  const state = {
    apiKey: "integration-key",
    apiSecret: "integration-secret",
    results: new Map<string, SyncResult>(),
    reportCalls: 0,
    configCalls: 0,
    heartbeats: [] as unknown[],
    authorizations: new Set<string>(),
    down: false,
    hanging: false,
    config,
  };
  const server = createServer((request, response) => {
    void (async () => {
      const send = (status: number, payload: unknown) => {
        response.writeHead(status, { "content-type": "application/json" });
        response.end(JSON.stringify(payload));
      };
      if (state.hanging) return;
      if (state.down) return send(503, { exc: "Service Unavailable" });
      state.authorizations.add(String(request.headers.authorization));
      if (request.headers.authorization !== `token ${state.apiKey}:${state.apiSecret}`)
        return send(401, { exc: "bad token" });
      const method = (request.url ?? "").replace("/api/method/wix_integration.api.worker.", "");
      const payload = (await body(request)) as Record<string, unknown> | null;
      if (method === "get_config" && request.method === "GET") {
        state.configCalls++;
        return send(200, { message: state.config });
      }
      if (method === "report_result" && request.method === "POST") {
        state.reportCalls++;
        const result = payload?.result as SyncResult;
        state.results.set(result.event_id, result);
        return send(200, {
          message: { log: `LOG-${result.event_id.slice(0, 8)}`, status: result.status },
        });
      }
      if (method === "heartbeat" && request.method === "POST") {
        state.heartbeats.push(payload?.heartbeat);
        return send(200, { message: { ok: true } });
      }
      send(404, { exc: `no method ${method}` });
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const mock = Object.assign(state, {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
  return mock;
}
