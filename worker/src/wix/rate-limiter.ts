import { sleep } from "../backoff.js";

/** Per-site token buckets that WixClient takes tokens from, kept in this process or shared through Redis. */
export interface RateLimiter {
  /** Sets the refill rate a minute and the bucket size (default: one minute's allowance). */
  configure(perMinute: number, capacity?: number): void;
  /** Waits until a token is free and takes it; returns the milliseconds waited. */
  acquire(siteId: string, signal?: AbortSignal): Promise<number>;
  /** Empties a site's bucket after Wix responded 429, so the next calls wait for fresh tokens. */
  drain(siteId: string): void | Promise<void>;
  close?(): Promise<void>;
}

/**
 * Per-site token buckets in this process: each holds up to `capacity` tokens (default: one
 * minute's allowance) and refills at `perMinute` a minute. `acquire` waits for a token instead of
 * letting Wix respond 429. Worker processes that share Redis use RedisSiteRateLimiter instead, and
 * fall back to this one while Redis calls fail.
 */
export class SiteRateLimiter implements RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; updatedAt: number }>();

  constructor(
    private perMinute: number,
    private capacity = perMinute,
  ) {}

  configure(perMinute: number, capacity = perMinute): void {
    if (perMinute === this.perMinute && capacity === this.capacity) return;
    this.perMinute = perMinute;
    this.capacity = capacity;
    this.buckets.clear();
  }

  private bucket(siteId: string, now: number) {
    let bucket = this.buckets.get(siteId);
    if (!bucket) {
      bucket = { tokens: this.capacity, updatedAt: now };
      this.buckets.set(siteId, bucket);
    }
    const refillPerMs = this.perMinute / 60_000;
    bucket.tokens = Math.min(this.capacity, bucket.tokens + (now - bucket.updatedAt) * refillPerMs);
    bucket.updatedAt = now;
    return bucket;
  }

  /** Takes a token if one is free; returns 0, or the milliseconds until one will be. */
  tryTake(siteId: string, now = Date.now()): number {
    const bucket = this.bucket(siteId, now);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.ceil((1 - bucket.tokens) / (this.perMinute / 60_000));
  }

  /** Waits until a token is free and takes it; returns the milliseconds waited. */
  async acquire(siteId: string, signal?: AbortSignal): Promise<number> {
    const started = Date.now();
    for (;;) {
      const waitMs = this.tryTake(siteId);
      if (waitMs === 0) return Date.now() - started;
      await sleep(waitMs, signal);
    }
  }

  /** Empties a site's bucket after Wix responded 429, so the next calls wait for fresh tokens. */
  drain(siteId: string, now = Date.now()): void {
    this.bucket(siteId, now).tokens = 0;
  }
}
