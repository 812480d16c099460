/**
 * Per-site token buckets. Each bucket holds up to `perMinute` tokens and refills continuously at
 * `perMinute` tokens a minute, so a fresh site can burst its whole minute's allowance at once.
 */
export class SiteRateLimiter {
  private readonly buckets = new Map<string, { tokens: number; updatedAt: number }>();

  constructor(private perMinute: number) {}

  setPerMinute(perMinute: number): void {
    this.perMinute = perMinute;
    this.buckets.clear();
  }

  reset(): void {
    this.buckets.clear();
  }

  /**
   * Take one token for `siteId`. Returns 0 when the request may pass, otherwise the milliseconds
   * until a token is free.
   */
  take(siteId: string, now = Date.now()): number {
    if (this.perMinute <= 0) return 0;
    const refillPerMs = this.perMinute / 60_000;
    let bucket = this.buckets.get(siteId);
    if (!bucket) {
      bucket = { tokens: this.perMinute, updatedAt: now };
      this.buckets.set(siteId, bucket);
    }
    bucket.tokens = Math.min(
      this.perMinute,
      bucket.tokens + (now - bucket.updatedAt) * refillPerMs,
    );
    bucket.updatedAt = now;
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.ceil((1 - bucket.tokens) / refillPerMs);
  }
}
