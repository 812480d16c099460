import { DEFAULT_RATE_LIMIT_PER_MINUTE } from "./limits.js";
import type { V1Product, V3Product } from "./wix-types.js";

export type SandboxCatalogVersion = "V1" | "V3" | "STORES_NOT_INSTALLED";

/** A run of 429 responses: after `afterRequests` API requests, the next `count` requests get 429. */
export interface Burst429Options {
  afterRequests: number;
  count: number;
  /** Repeat the burst every this many requests, counted from the start of the previous burst. */
  everyRequests?: number;
}

export interface SandboxFaults {
  /** Share of API requests, 0–1, that get 500, 503 or 504 with an empty body. */
  errorRate?: number;
  /** Share of API requests, 0–1, held open without a response until the client gives up. */
  timeoutRate?: number;
  /** Share of API requests, 0–1, whose TCP connection is destroyed without a response. */
  resetRate?: number;
  burst429?: Burst429Options;
  /**
   * When a fault hits: "before" (default) skips the request, "after" applies it to the catalog
   * first and then drops the response, as when Wix commits a write and the response never arrives.
   */
  phase?: "before" | "after";
}

export interface SandboxOptions {
  /** TCP port; 0 (the default) picks a free one. */
  port?: number;
  /** Listen address; only loopback addresses are accepted. Default 127.0.0.1. */
  host?: string;
  /** Catalog version the site reports. Default "V3". */
  catalogVersion?: SandboxCatalogVersion;
  /** The API key expected, raw, in `Authorization`. Default "sandbox-api-key". */
  apiKey?: string;
  /** The site id expected in `wix-site-id`. Default "00000000-0000-4000-8000-00000000517e". */
  siteId?: string;
  /** Token-bucket size and refill per minute, per site. Default 200; 0 turns the limit off. */
  rateLimitPerMinute?: number;
  /** Send `Retry-After` (seconds) with 429 responses. Off by default because Wix does not document it. */
  retryAfterHeader?: boolean;
  /** Delay added before every API response, in milliseconds. Default 0. */
  latencyMs?: number;
  faults?: SandboxFaults;
  /** Seed for the fault dice, so a run with the same seed and requests fails the same way. */
  seed?: number;
  /** Currency of V1 prices and V3 amounts. Default "USD". */
  currency?: string;
  /** Largest number of call records kept for `calls()`; older ones are dropped. Default 100000. */
  callLogLimit?: number;
}

export interface ResolvedSandboxOptions {
  port: number;
  host: string;
  catalogVersion: SandboxCatalogVersion;
  apiKey: string;
  siteId: string;
  rateLimitPerMinute: number;
  retryAfterHeader: boolean;
  latencyMs: number;
  faults: Required<Omit<SandboxFaults, "burst429">> & { burst429?: Burst429Options };
  seed: number;
  currency: string;
  callLogLimit: number;
}

/** Outcome of one API request. `status` is 0 when no HTTP response was sent. */
export interface CallRecord {
  method: string;
  path: string;
  status: number;
  /** Set when an injected fault or the rate limit decided the outcome. */
  fault?: "error" | "timeout" | "reset" | "burst429" | "rateLimit";
  /** Milliseconds since the epoch when the request arrived. */
  at: number;
}

export type Product = V1Product | V3Product;

export interface SandboxState {
  url: string;
  catalogVersion: SandboxCatalogVersion;
  siteId: string;
  products: { v1: Record<string, V1Product>; v3: Record<string, V3Product> };
  productCount: number;
  calls: {
    total: number;
    byStatus: Record<string, number>;
    byRoute: Record<string, number>;
    byFault: Record<string, number>;
  };
}

export interface Sandbox {
  /** Base URL, for example `http://127.0.0.1:41234`, to use as the Wix base URL. */
  url: string;
  /** The API key and site id the sandbox accepts. */
  apiKey: string;
  siteId: string;
  close(): Promise<void>;
  setOptions(patch: Partial<SandboxOptions>): void;
  options(): ResolvedSandboxOptions;
  dump(): SandboxState;
  /** Clear products, call records, rate-limit buckets and fault counters; keep the options. */
  reset(): void;
  calls(): CallRecord[];
  /** Products by SKU, across both catalogs: V1 product and variant SKUs, V3 variant SKUs. */
  productsBySku(): Map<string, Product[]>;
}

export const DEFAULT_API_KEY = "sandbox-api-key";
export const DEFAULT_SITE_ID = "00000000-0000-4000-8000-00000000517e";

const LOOPBACK_HOSTS = new Set(["127.0.0.1", "::1", "localhost"]);

function checkRate(name: string, value: number | undefined): number {
  const rate = value ?? 0;
  if (!Number.isFinite(rate) || rate < 0 || rate > 1) {
    throw new RangeError(`Sandbox option faults.${name} must be between 0 and 1, got ${value}.`);
  }
  return rate;
}

/** Fill defaults in and check every value, so a typo fails at start instead of mid-test. */
export function resolveOptions(
  options: SandboxOptions,
  base?: ResolvedSandboxOptions,
): ResolvedSandboxOptions {
  const host = options.host ?? base?.host ?? "127.0.0.1";
  if (!LOOPBACK_HOSTS.has(host)) {
    throw new RangeError(
      `Sandbox host must be a loopback address (127.0.0.1, ::1 or localhost), got "${host}".`,
    );
  }
  const catalogVersion = options.catalogVersion ?? base?.catalogVersion ?? "V3";
  if (!["V1", "V3", "STORES_NOT_INSTALLED"].includes(catalogVersion)) {
    throw new RangeError(
      `Sandbox catalogVersion must be V1, V3 or STORES_NOT_INSTALLED, got "${catalogVersion}".`,
    );
  }
  const rateLimitPerMinute =
    options.rateLimitPerMinute ?? base?.rateLimitPerMinute ?? DEFAULT_RATE_LIMIT_PER_MINUTE;
  if (!Number.isFinite(rateLimitPerMinute) || rateLimitPerMinute < 0) {
    throw new RangeError(
      `Sandbox rateLimitPerMinute must be 0 or more, got ${rateLimitPerMinute}.`,
    );
  }

  const latencyMs = options.latencyMs ?? base?.latencyMs ?? 0;
  if (!Number.isFinite(latencyMs) || latencyMs < 0) {
    throw new RangeError(`Sandbox latencyMs must be 0 or more, got ${latencyMs}.`);
  }

  const faults = { ...base?.faults, ...options.faults };
  // JSON callers of POST /_sandbox/options clear the burst with null.
  const burst429 = faults.burst429 ?? undefined;
  if (burst429 && (burst429.afterRequests < 0 || burst429.count < 0)) {
    throw new RangeError("Sandbox faults.burst429 needs afterRequests and count of 0 or more.");
  }
  const phase = faults.phase ?? "before";
  if (phase !== "before" && phase !== "after") {
    throw new RangeError(`Sandbox faults.phase must be "before" or "after", got "${phase}".`);
  }

  return {
    port: options.port ?? base?.port ?? 0,
    host,
    catalogVersion,
    apiKey: options.apiKey ?? base?.apiKey ?? DEFAULT_API_KEY,
    siteId: options.siteId ?? base?.siteId ?? DEFAULT_SITE_ID,
    rateLimitPerMinute,
    retryAfterHeader: options.retryAfterHeader ?? base?.retryAfterHeader ?? false,
    latencyMs,
    faults: {
      errorRate: checkRate("errorRate", faults.errorRate),
      timeoutRate: checkRate("timeoutRate", faults.timeoutRate),
      resetRate: checkRate("resetRate", faults.resetRate),
      phase,
      ...(burst429 ? { burst429 } : {}),
    },
    seed: options.seed ?? base?.seed ?? Math.floor(Math.random() * 2 ** 31),
    currency: options.currency ?? base?.currency ?? "USD",
    callLogLimit: options.callLogLimit ?? base?.callLogLimit ?? 100_000,
  };
}
