import { Redis } from "ioredis";

import { sleep } from "../backoff.js";
import { displayUrl } from "../display-url.js";
import type { Logger } from "../logger.js";
import { SiteRateLimiter, type RateLimiter } from "./rate-limiter.js";

// One token bucket per site in a hash {tokens, at}, with Redis's clock, so the clocks of the worker
// machines do not matter. "take" takes a token, or reserves the next one by letting `tokens` go
// below zero, and returns the milliseconds until the reserved token is due: a caller sleeps once
// and then sends, instead of asking again. "drain" empties the bucket, and keeps reservations
// already handed out. A missing key is a full bucket, so the key expires once it would be full.
// KEYS[1]: the bucket; ARGV: tokens a minute, capacity, "take" or "drain".
const TAKE_TOKEN = `
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + tonumber(clock[2]) / 1000
local per_ms = tonumber(ARGV[1]) / 60000
local capacity = tonumber(ARGV[2])
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1]) or capacity
local at = tonumber(state[2]) or now
if now > at then tokens = tokens + (now - at) * per_ms end
if tokens > capacity then tokens = capacity end
local wait = 0
if ARGV[3] == 'drain' then
  if tokens > 0 then tokens = 0 end
else
  tokens = tokens - 1
  if tokens < 0 then wait = math.ceil(-tokens / per_ms) end
end
redis.call('HSET', KEYS[1], 'tokens', string.format('%.17g', tokens), 'at', string.format('%.17g', now))
redis.call('PEXPIRE', KEYS[1], math.ceil((capacity - tokens) / per_ms) + 1000)
return wait
`;

export interface RedisRateLimiterOptions {
  url: string;
  /** Keys are `<namespace>:ratelimit:<site id>`, so every process of a namespace shares them. */
  namespace: string;
  logger: Logger;
  perMinute?: number;
  capacity?: number;
  /** How long a call waits for Redis before it uses the local bucket, in milliseconds. Default 1000. */
  timeoutMs?: number;
}

/**
 * Per-site token buckets shared through Redis by every worker process of a namespace, so together
 * they stay within `perMinute`. The rules are those of SiteRateLimiter: a bucket contains up to
 * `capacity` tokens (default: one minute's allowance), `acquire` waits for a token, and `drain`
 * empties the bucket for every process. When a Redis call fails or times out, that call uses a
 * bucket in this process and one warning is logged. Once Redis is connected again, calls use it.
 */
export class RedisSiteRateLimiter implements RateLimiter {
  private readonly redis: Redis;
  private readonly local: SiteRateLimiter;
  private readonly namespace: string;
  private readonly logger: Logger;
  private readonly redactedUrl: string;
  private perMinute: number;
  private capacity: number;
  private connectedOnce = false;
  private failing = false;

  constructor(options: RedisRateLimiterOptions) {
    this.namespace = options.namespace;
    this.logger = options.logger;
    this.redactedUrl = displayUrl(options.url);
    this.perMinute = options.perMinute ?? 200;
    this.capacity = options.capacity ?? this.perMinute;
    this.local = new SiteRateLimiter(this.perMinute, this.capacity);
    // No retries and a short timeout, so a call that fails or times out uses the local bucket
    // instead of delaying the sync. ioredis keeps reconnecting in the background.
    this.redis = new Redis(options.url, {
      maxRetriesPerRequest: 0,
      commandTimeout: options.timeoutMs ?? 1000,
      enableOfflineQueue: true,
    });
    this.redis.on("ready", () => {
      this.connectedOnce = true;
    });
    // Connection errors show up as failed calls, which log one warning. Without a listener,
    // ioredis would print every connection error.
    this.redis.on("error", () => undefined);
    this.redis.defineCommand("takeToken", { numberOfKeys: 1, lua: TAKE_TOKEN });
  }

  configure(perMinute: number, capacity = perMinute): void {
    this.perMinute = perMinute;
    this.capacity = capacity;
    this.local.configure(perMinute, capacity);
  }

  private key(siteId: string): string {
    return `${this.namespace}:ratelimit:${siteId}`;
  }

  /** Runs the script and returns the wait in milliseconds, or null when the Redis call failed. */
  private async shared(siteId: string, mode: "take" | "drain"): Promise<number | null> {
    // Before the first connection, a call waits in the offline queue for up to the timeout.
    // After that, a call made while the connection is down uses the local bucket at once.
    if (this.redis.status !== "ready" && (this.connectedOnce || this.failing)) {
      this.noteFailure(new Error(`Redis connection is ${this.redis.status}`), siteId);
      return null;
    }
    try {
      const waitMs = await (
        this.redis as unknown as {
          takeToken(
            key: string,
            perMinute: number,
            capacity: number,
            mode: string,
          ): Promise<number>;
        }
      ).takeToken(this.key(siteId), this.perMinute, this.capacity, mode);
      if (this.failing) {
        this.failing = false;
        this.logger.info(
          { redis: this.redactedUrl, site_id: siteId },
          "Shared Wix rate limit: Redis is reachable again, so the processes share one bucket again",
        );
      }
      return Number(waitMs);
    } catch (error) {
      this.noteFailure(error, siteId);
      return null;
    }
  }

  /** Logs the first failure of an outage; later ones stay quiet until Redis is reachable again. */
  private noteFailure(error: unknown, siteId: string): void {
    if (this.failing) return;
    this.failing = true;
    this.logger.warn(
      {
        redis: this.redactedUrl,
        site_id: siteId,
        err: error instanceof Error ? error.message : String(error),
      },
      "Shared Wix rate limit: the Redis call failed, so this process uses its own token bucket until Redis is reachable again",
    );
  }

  /** Waits until a token is free and takes it; returns the milliseconds waited, 0 when one was free at once. */
  async acquire(siteId: string, signal?: AbortSignal): Promise<number> {
    let started: number | null = null;
    for (;;) {
      const reservedMs = await this.shared(siteId, "take");
      const waitMs = reservedMs ?? this.local.tryTake(siteId);
      if (waitMs === 0) return started === null ? 0 : Date.now() - started;
      started ??= Date.now();
      await sleep(waitMs, signal);
      // A token reserved in Redis is ours once the wait is over. A local wait is only an estimate
      // of when a token is free, so the local bucket is asked again.
      if (reservedMs !== null) return Date.now() - started;
    }
  }

  async drain(siteId: string): Promise<void> {
    this.local.drain(siteId);
    await this.shared(siteId, "drain");
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
