export interface BackoffOptions {
  /** Delay before the first retry, in milliseconds. */
  baseMs: number;
  /** Upper bound for any delay, in milliseconds. */
  maxMs: number;
  /** Growth per attempt; 2 doubles the delay each time. */
  factor?: number;
  /** Fraction of the delay (0–1) replaced by a random amount, so workers do not retry in step. */
  jitter?: number;
}

/**
 * Returns the delay before retry number `attempt` (1 = first retry): base·factor^(attempt-1), capped at
 * maxMs, with up to `jitter` of it randomised downwards. `random` is injectable for tests.
 */
export function backoffDelay(
  attempt: number,
  { baseMs, maxMs, factor = 2, jitter = 0.2 }: BackoffOptions,
  random: () => number = Math.random,
): number {
  const exponent = Math.max(0, attempt - 1);
  const exponential = Math.min(maxMs, baseMs * factor ** exponent);
  const spread = exponential * Math.min(1, Math.max(0, jitter));
  return Math.round(exponential - spread * random());
}

/**
 * Parses an HTTP Retry-After header (seconds or an HTTP date) into milliseconds from `now`, or null
 * when it is absent or unreadable.
 */
export function parseRetryAfter(header: string | undefined, now = Date.now()): number | null {
  if (!header) return null;
  const trimmed = header.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return null;
  return Math.max(0, date - now);
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
