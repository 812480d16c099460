import got, { RequestError, type Got, type Method } from "got";

import { backoffDelay, parseRetryAfter, sleep } from "../backoff.js";
import type { Logger } from "../logger.js";
import type { Metrics } from "../metrics.js";
import { WixError, wixErrorFromNetwork, wixErrorFromResponse } from "./errors.js";
import type { RateLimiter } from "./rate-limiter.js";

export interface WixCredentials {
  baseUrl: string;
  apiKey: string;
  siteId: string;
}

export interface WixClientOptions extends WixCredentials {
  timeoutMs: number;
  rateLimiter: RateLimiter;
  logger: Logger;
  metrics?: Metrics;
  /** Retries inside one call for transient failures; longer waits go back to the queue. Default 2. */
  maxRetries?: number;
  /** Maximum wait between two tries of one call, in milliseconds. A longer Retry-After is thrown to the caller. Default 5000. */
  maxInlineDelayMs?: number;
  baseDelayMs?: number;
}

export interface WixRequest {
  method: Method;
  path: string;
  body?: unknown;
  /** False for calls that may take effect even when no response arrives (creates, media adds), so they are never retried here. */
  idempotent: boolean;
  /** Name for logs and error messages, e.g. "create V3 product". */
  operation: string;
  /** Route pattern for metrics, e.g. /stores/v3/products/{id}. */
  route: string;
}

/** Request and response of the last call, for the sync result. Headers, and so the API key, are left out. */
export interface WixExchange {
  method: string;
  path: string;
  body?: unknown;
  status?: number;
  response?: unknown;
}

/**
 * HTTP client for the Wix REST API with API-key auth: the raw key in `Authorization` and the site in
 * `wix-site-id` (site-level calls only, so `wix-account-id` is never sent). Every try waits for a
 * token from the per-site bucket first (shared by the worker processes when it lives in Redis).
 */
export class WixClient {
  readonly siteId: string;
  readonly baseUrl: string;
  private readonly http: Got;
  private readonly options: Required<
    Pick<WixClientOptions, "maxRetries" | "maxInlineDelayMs" | "baseDelayMs">
  > &
    WixClientOptions;
  private readonly counter = { calls: 0 };
  /** The last request of this client or fork, for the sync result. */
  lastExchange: WixExchange | null = null;

  constructor(options: WixClientOptions) {
    this.options = { maxRetries: 2, maxInlineDelayMs: 5000, baseDelayMs: 200, ...options };
    this.siteId = options.siteId;
    this.baseUrl = options.baseUrl.replace(/\/+$/, "");
    this.http = got.extend({
      prefixUrl: this.baseUrl,
      headers: {
        authorization: options.apiKey,
        "wix-site-id": options.siteId,
        "content-type": "application/json",
        accept: "application/json",
      },
      timeout: { request: options.timeoutMs },
      retry: { limit: 0 },
      throwHttpErrors: false,
      responseType: "text",
      followRedirect: false,
    });
  }

  /** Number of HTTP requests sent by this client and its forks, with or without a response. */
  get calls(): number {
    return this.counter.calls;
  }

  /** Returns a view that shares connection, limiter and counters but records its own lastExchange. */
  fork(): WixClient {
    const view = Object.create(this) as WixClient;
    view.lastExchange = null;
    return view;
  }

  /** Sends one request, retrying transient failures of idempotent calls; throws WixError. */
  async request<T>(request: WixRequest): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.send<T>(request);
      } catch (error) {
        if (!(error instanceof WixError) || error.permanent) throw error;
        const retryable = request.idempotent || error.httpStatus === 429 || isBeforeSend(error);
        if (!retryable || attempt > this.options.maxRetries) throw error;
        const delayMs =
          error.retryAfterMs ??
          backoffDelay(attempt, {
            baseMs: this.options.baseDelayMs,
            maxMs: this.options.maxInlineDelayMs,
          });
        if (delayMs > this.options.maxInlineDelayMs) throw error;
        this.options.logger.warn(
          { operation: request.operation, attempt, delay_ms: delayMs, code: error.code },
          "Wix call failed; retrying",
        );
        await sleep(delayMs);
      }
    }
  }

  private async send<T>(request: WixRequest): Promise<T> {
    const { metrics, rateLimiter } = this.options;
    const waitedMs = await rateLimiter.acquire(this.siteId);
    if (waitedMs > 0) {
      metrics?.rateLimitWaits.inc();
      metrics?.rateLimitWaitSeconds.inc(waitedMs / 1000);
    }
    const exchange: WixExchange = { method: request.method, path: request.path };
    if (request.body !== undefined) exchange.body = request.body;
    this.lastExchange = exchange;
    const started = performance.now();
    this.counter.calls++;
    let status = 0;
    try {
      const response = await this.http(request.path.replace(/^\//, ""), {
        method: request.method,
        ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
      });
      status = response.statusCode;
      const body = parseBody(response.body);
      exchange.status = status;
      exchange.response = body;
      if (status >= 200 && status < 300) return body as T;
      if (status === 429) await rateLimiter.drain(this.siteId);
      throw wixErrorFromResponse(
        status,
        body,
        request.operation,
        status === 429 ? parseRetryAfter(response.headers["retry-after"]) : null,
      );
    } catch (error) {
      if (error instanceof WixError) throw error;
      if (error instanceof RequestError) throw wixErrorFromNetwork(error, request.operation);
      throw error;
    } finally {
      metrics?.wixCalls.inc({
        method: request.method,
        route: request.route,
        status: String(status),
      });
      metrics?.wixCallSeconds.observe(
        { method: request.method, route: request.route },
        (performance.now() - started) / 1000,
      );
    }
  }
}

function isBeforeSend(error: WixError): boolean {
  return error.code === "ECONNREFUSED";
}

function parseBody(text: string): unknown {
  if (!text) return {};
  try {
    return JSON.parse(text);
  } catch {
    return { message: text.slice(0, 500) };
  }
}
