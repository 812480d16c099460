import { SCHEMA_VERSION, decode, type WorkerConfig } from "./contract/index.js";

// Every environment variable the worker reads, with its default. Only 127.0.0.1 defaults: the
// production Wix base URL is configured here but tests always point the worker at a sandbox.

export const DEFAULT_AMQP_URL = "amqp://guest:guest@127.0.0.1:5672/%2F";
export const DEFAULT_WIX_BASE_URL = "https://www.wixapis.com";
export const DEFAULT_REDIS_URL = "redis://127.0.0.1:6379";
export const DEFAULT_NAMESPACE = "wix_integration";
export const DEFAULT_PREFETCH = 50;
export const DEFAULT_RESULTS_FILE = "wix-sync-results.jsonl";
export const HEARTBEAT_INTERVAL_MS = 15_000;
/** Delayed retries of a transient failure; the same default as the Wix Settings field. */
export const DEFAULT_RETRY_ATTEMPTS = 3;
/** Time a SIGTERM gives the worker to finish, in milliseconds; under Kubernetes' default of 30 s. */
export const DEFAULT_SHUTDOWN_GRACE_MS = 25_000;

export interface EnvSettings {
  amqpUrl: string;
  namespace: string;
  frappeUrl: string | null;
  frappeApiKey: string | null;
  frappeApiSecret: string | null;
  /** Redis URL for the item state shared by all worker processes; null keeps it in memory. */
  redisUrl: string | null;
  httpPort: number | null;
  prefetch: number;
  resultsFile: string;
  workerId: string | null;
  /** Delays of the retry queues in milliseconds, one per attempt; null keeps the defaults. */
  retryDelaysMs: number[] | null;
  /** How long a graceful stop may take before the worker exits anyway, in milliseconds. */
  shutdownGraceMs: number;
}

function text(env: NodeJS.ProcessEnv, name: string): string | null {
  const value = env[name]?.trim();
  return value ? value : null;
}

function integer(env: NodeJS.ProcessEnv, name: string, min: number, max: number): number | null {
  const value = text(env, name);
  if (value === null) return null;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < min || parsed > max) {
    throw new Error(`${name}=${value} is invalid: set an integer from ${min} to ${max}`);
  }
  return parsed;
}

function delayList(env: NodeJS.ProcessEnv, name: string): number[] | null {
  const value = text(env, name);
  if (value === null) return null;
  const delays = value.split(",").map((part) => Number(part.trim()));
  if (delays.some((delay) => !Number.isInteger(delay) || delay < 100 || delay > 86_400_000)) {
    throw new Error(
      `${name}=${value} is invalid: set a comma-separated list of delays in milliseconds, each from 100 to 86400000, e.g. 1000,4000,15000`,
    );
  }
  return delays;
}

/**
 * Reads the worker's environment. Without WIX_FRAPPE_URL the worker runs from the environment alone,
 * and item state stays in memory unless WIX_REDIS_URL is set. With Frappe it defaults to local Redis.
 */
export function readEnv(env: NodeJS.ProcessEnv = process.env): EnvSettings {
  const frappeUrl = text(env, "WIX_FRAPPE_URL");
  const redis = text(env, "WIX_REDIS_URL");
  return {
    amqpUrl: text(env, "WIX_AMQP_URL") ?? DEFAULT_AMQP_URL,
    namespace: text(env, "WIX_NAMESPACE") ?? DEFAULT_NAMESPACE,
    frappeUrl: frappeUrl?.replace(/\/+$/, "") ?? null,
    frappeApiKey: text(env, "WIX_FRAPPE_API_KEY"),
    frappeApiSecret: text(env, "WIX_FRAPPE_API_SECRET"),
    redisUrl: redis === "memory" ? null : (redis ?? (frappeUrl ? DEFAULT_REDIS_URL : null)),
    httpPort: integer(env, "WIX_HTTP_PORT", 0, 65535),
    prefetch: integer(env, "WIX_PREFETCH", 1, 10_000) ?? DEFAULT_PREFETCH,
    resultsFile: text(env, "WIX_RESULTS_FILE") ?? DEFAULT_RESULTS_FILE,
    workerId: text(env, "WIX_WORKER_ID"),
    retryDelaysMs: delayList(env, "WIX_RETRY_DELAYS_MS"),
    shutdownGraceMs:
      integer(env, "WIX_SHUTDOWN_GRACE_MS", 1000, 3_600_000) ?? DEFAULT_SHUTDOWN_GRACE_MS,
  };
}

/** Builds the worker-config document for env-only mode (no Frappe): WIX_API_KEY, WIX_SITE_ID and friends. */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): WorkerConfig {
  const catalog = text(env, "WIX_CATALOG_VERSION");
  const config = {
    schema_version: SCHEMA_VERSION,
    enabled: text(env, "WIX_ENABLED") !== "0",
    test_mode: text(env, "WIX_TEST_MODE") === "1",
    site_id: text(env, "WIX_SITE_ID"),
    api_key: text(env, "WIX_API_KEY"),
    account_id: null,
    wix_base_url: text(env, "WIX_BASE_URL") ?? DEFAULT_WIX_BASE_URL,
    catalog_version: catalog === "V1" || catalog === "V3" ? catalog : null,
    sync_fields: {
      name: true,
      description: true,
      price: true,
      images: true,
      brand: true,
      weight: true,
      barcode: true,
    },
    on_disable: text(env, "WIX_ON_DISABLE") ?? "hide",
    on_delete: text(env, "WIX_ON_DELETE") ?? "delete",
    retry_attempts: integer(env, "WIX_RETRY_ATTEMPTS", 0, 20) ?? DEFAULT_RETRY_ATTEMPTS,
    request_timeout_ms: integer(env, "WIX_REQUEST_TIMEOUT_MS", 1000, 300_000) ?? 30_000,
    rate_limit_per_minute: integer(env, "WIX_RATE_LIMIT_PER_MINUTE", 1, 10_000) ?? 200,
    weight_unit: text(env, "WIX_WEIGHT_UNIT") ?? "KG",
    log_level: text(env, "WIX_LOG_LEVEL") ?? "info",
  };
  return decode("worker-config", config);
}

/**
 * Returns the warning to log when env-only mode has no Wix credentials, or null when both are set.
 * Without them every Wix call fails, so the worker says which variables to set.
 */
export function missingCredentialsWarning(env: NodeJS.ProcessEnv = process.env): string | null {
  const missing = ["WIX_API_KEY", "WIX_SITE_ID"].filter((name) => text(env, name) === null);
  if (!missing.length) return null;
  return (
    `${missing.join(" and ")} ${missing.length > 1 ? "are" : "is"} not set, and without WIX_FRAPPE_URL ` +
    "the worker takes its Wix credentials from the environment: every item will fail until you set " +
    "WIX_API_KEY to the site's API key and WIX_SITE_ID to its site id, then restart the worker"
  );
}

/** Returns a copy of a worker config with the given fields replaced; used by tests and the demo. */
export function withConfig(base: WorkerConfig, changes: Partial<WorkerConfig>): WorkerConfig {
  return decode("worker-config", { ...base, ...changes });
}
