/**
 * The sandbox HTTP server: Wix's API-key auth, the per-site rate limit, injected faults, and
 * the routes in routes.ts. Built on node:http alone so it is never the bottleneck of a benchmark.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

import { checkAccess } from "./access.js";
import { ADMIN_PREFIX, handleAdmin } from "./admin.js";
import { CallLog } from "./call-log.js";
import { applicationError, WixHttpError } from "./errors.js";
import { FaultInjector, type FaultDecision } from "./faults.js";
import { delay, parseJson, readBody, sendEmpty, sendJson } from "./http-io.js";
import {
  resolveOptions,
  type CallRecord,
  type Product,
  type ResolvedSandboxOptions,
  type Sandbox,
  type SandboxOptions,
  type SandboxState,
} from "./options.js";
import { renderProductPage } from "./product-page.js";
import { SiteRateLimiter } from "./rate-limit.js";
import { checkCatalogVersion, findRoute, type Route, type RouteResult } from "./routes.js";
import { CatalogStore } from "./store.js";

export class SandboxServer implements Sandbox {
  url = "";
  private settings: ResolvedSandboxOptions;
  private readonly store = new CatalogStore();
  private readonly callLog: CallLog;
  private readonly limiter: SiteRateLimiter;
  private readonly faults: FaultInjector;
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();

  constructor(options: SandboxOptions = {}) {
    this.settings = resolveOptions(options);
    this.callLog = new CallLog(this.settings.callLogLimit);
    this.limiter = new SiteRateLimiter(this.settings.rateLimitPerMinute);
    this.faults = new FaultInjector(this.settings);
    this.server = createServer((request, response) => {
      this.handle(request, response).catch((error: unknown) => {
        console.error(`Wix sandbox: ${request.method} ${request.url} failed`, error);
        if (!response.headersSent) sendEmpty(response, 500);
        else response.destroy(error as Error);
      });
    });
    // Long keep-alive, so pooled client sockets are not closed under them between calls.
    this.server.keepAliveTimeout = 65_000;
    this.server.headersTimeout = 66_000;
    this.server.on("connection", (socket) => {
      this.sockets.add(socket);
      socket.on("close", () => this.sockets.delete(socket));
    });
  }

  get apiKey(): string {
    return this.settings.apiKey;
  }

  get siteId(): string {
    return this.settings.siteId;
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(this.settings.port, this.settings.host, () => {
        this.server.off("error", reject);
        resolve();
      });
    });
    const address = this.server.address() as AddressInfo;
    const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
    this.url = `http://${host}:${address.port}`;
  }

  close(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.close((error) => (error ? reject(error) : resolve()));
      // Held (timed-out) requests and idle keep-alive sockets would keep close() waiting.
      for (const socket of this.sockets) socket.destroy();
    });
  }

  setOptions(patch: Partial<SandboxOptions>): void {
    if (patch.port !== undefined && patch.port !== this.settings.port && this.url !== "") {
      const current = Number(new URL(this.url).port);
      if (patch.port !== current) throw new RangeError("Sandbox port cannot change while it runs.");
    }
    if (patch.host !== undefined && patch.host !== this.settings.host) {
      throw new RangeError("Sandbox host cannot change while it runs.");
    }
    const next = resolveOptions({ ...patch, port: this.settings.port }, this.settings);
    if (next.rateLimitPerMinute !== this.settings.rateLimitPerMinute) {
      this.limiter.setPerMinute(next.rateLimitPerMinute);
    }
    this.callLog.setLimit(next.callLogLimit);
    this.faults.configure(next);
    this.settings = next;
  }

  options(): ResolvedSandboxOptions {
    return structuredClone(this.settings);
  }

  dump(): SandboxState {
    return {
      url: this.url,
      catalogVersion: this.settings.catalogVersion,
      siteId: this.settings.siteId,
      products: {
        v1: Object.fromEntries(structuredClone([...this.store.v1])),
        v3: Object.fromEntries(structuredClone([...this.store.v3])),
      },
      productCount: this.store.v1.size + this.store.v3.size,
      calls: this.callLog.counters(),
    };
  }

  reset(): void {
    this.store.clear();
    this.callLog.clear();
    this.limiter.reset();
    this.faults.reset();
  }

  calls(): CallRecord[] {
    return this.callLog.list();
  }

  productsBySku(): Map<string, Product[]> {
    const bySku = new Map<string, Product[]>();
    const add = (sku: string | null | undefined, product: Product) => {
      if (!sku) return;
      const list = bySku.get(sku) ?? [];
      if (!list.includes(product)) list.push(product);
      bySku.set(sku, list);
    };
    for (const product of this.store.v1.values()) {
      const copy = structuredClone(product);
      add(copy.sku, copy);
      for (const variant of copy.variants ?? []) add(variant.variant?.sku, copy);
    }
    for (const product of this.store.v3.values()) {
      const copy = structuredClone(product);
      for (const variant of copy.variantsInfo?.variants ?? []) add(variant.sku, copy);
    }
    return bySku;
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const arrivedAt = Date.now();
    const url = new URL(request.url ?? "/", "http://sandbox.invalid");
    const method = request.method ?? "GET";

    if (url.pathname.startsWith(ADMIN_PREFIX)) {
      await handleAdmin(this, method, url.pathname, request, response);
      return;
    }
    if (method === "GET" && url.pathname.startsWith("/product-page/")) {
      const page = renderProductPage(decodeURIComponent(url.pathname.slice(14)), this.store);
      response.writeHead(page ? 200 : 404, { "content-type": "text/html; charset=utf-8" });
      response.end(
        page ?? "<!doctype html><title>Not found</title><p>No product with that slug.</p>",
      );
      return;
    }

    const record: CallRecord = { method, path: url.pathname, status: 0, at: arrivedAt };
    const found = findRoute(method, url.pathname);
    let rawBody: Buffer;
    try {
      rawBody = await readBody(request);
    } catch (error) {
      this.finish(response, record, found?.route, this.errorResult(error));
      return;
    }
    if (!found) {
      const result = {
        status: 404,
        body: { message: `No route for ${method} ${url.pathname}.`, details: {} },
      };
      this.finish(response, record, undefined, result);
      return;
    }

    const rejection = checkAccess(request.headers, this.settings);
    if (rejection) {
      this.finish(response, record, found.route, this.errorResult(rejection));
      return;
    }
    const waitMs = this.limiter.take(this.settings.siteId);
    if (waitMs > 0) {
      record.fault = "rateLimit";
      this.finish(response, record, found.route, this.tooManyRequests(waitMs));
      return;
    }

    const fault = this.faults.next();
    await delay(this.settings.latencyMs);
    if (fault && this.settings.faults.phase === "before") {
      this.applyFault(fault, request, response, record, found.route);
      return;
    }
    const result = this.runRoute(found.route, found.params, url.searchParams, rawBody);
    if (fault) {
      this.applyFault(fault, request, response, record, found.route);
      return;
    }
    this.finish(response, record, found.route, result);
  }

  private runRoute(
    route: Route,
    params: Record<string, string>,
    searchParams: URLSearchParams,
    rawBody: Buffer,
  ): RouteResult {
    try {
      checkCatalogVersion(route, this.settings.catalogVersion, this.settings.siteId);
      return route.handle({
        params,
        searchParams,
        body: parseJson(rawBody),
        catalog: { store: this.store, currency: this.settings.currency, baseUrl: this.url },
        catalogVersion: this.settings.catalogVersion,
        siteId: this.settings.siteId,
      });
    } catch (error) {
      return this.errorResult(error);
    }
  }

  private errorResult(error: unknown): RouteResult {
    if (error instanceof WixHttpError) return { status: error.status, body: error.body };
    // An unexpected exception is a sandbox bug, so respond as Wix does to its own failures.
    console.error("Wix sandbox: request handler failed", error);
    return { status: 500, body: undefined };
  }

  private tooManyRequests(waitMs: number): RouteResult & { headers?: Record<string, string> } {
    const result = this.errorResult(
      applicationError(
        429,
        "TOO_MANY_REQUESTS",
        `Rate limit of ${this.settings.rateLimitPerMinute} requests a minute for site ${this.settings.siteId} exceeded; wait and retry.`,
        { limitPerMinute: this.settings.rateLimitPerMinute },
      ),
    );
    if (!this.settings.retryAfterHeader) return result;
    return { ...result, headers: { "retry-after": String(Math.max(1, Math.ceil(waitMs / 1000))) } };
  }

  private applyFault(
    fault: FaultDecision,
    request: IncomingMessage,
    response: ServerResponse,
    record: CallRecord,
    route: Route,
  ): void {
    record.fault = fault.kind;
    if (fault.kind === "reset") {
      this.callLog.add(record, route.template);
      request.socket.destroy();
      return;
    }
    if (fault.kind === "timeout") {
      // Hold the request without a response until the client gives up or the sandbox closes.
      this.callLog.add(record, route.template);
      return;
    }
    if (fault.kind === "burst429") {
      this.finish(response, record, route, this.tooManyRequests(60_000));
      return;
    }
    this.finish(response, record, route, { status: fault.status ?? 500, body: undefined });
  }

  private finish(
    response: ServerResponse,
    record: CallRecord,
    route: Route | undefined,
    result: RouteResult & { headers?: Record<string, string> },
  ): void {
    record.status = result.status;
    this.callLog.add(record, route?.template ?? "unknown");
    if (result.status >= 500 || result.body === undefined) sendEmpty(response, result.status);
    else sendJson(response, result.status, result.body, result.headers);
  }
}
