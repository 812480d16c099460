import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

import type { Registry } from "prom-client";

export interface HealthReport {
  ok: boolean;
  [key: string]: unknown;
}

/** Serves GET /healthz (200 when healthy, else 503) and GET /metrics (Prometheus text) on 127.0.0.1 by default. */
export async function startHttpServer(
  port: number,
  health: () => HealthReport,
  registry: Registry,
  host = "127.0.0.1",
): Promise<{ server: Server; port: number; close(): Promise<void> }> {
  const server = createServer((request, response) => {
    const path = (request.url ?? "/").split("?")[0];
    if (request.method === "GET" && path === "/healthz") {
      const report = health();
      response.writeHead(report.ok ? 200 : 503, { "content-type": "application/json" });
      response.end(JSON.stringify(report));
      return;
    }
    if (request.method === "GET" && path === "/metrics") {
      registry.metrics().then(
        (text) => {
          response.writeHead(200, { "content-type": registry.contentType });
          response.end(text);
        },
        (error: unknown) => {
          response.writeHead(500, { "content-type": "text/plain" });
          response.end(`metrics failed: ${String(error)}`);
        },
      );
      return;
    }
    response.writeHead(404, { "content-type": "text/plain" });
    response.end("not found: use /healthz or /metrics\n");
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  return {
    server,
    port: (server.address() as AddressInfo).port,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
