import type { ItemUpsertEvent } from "../contract/index.js";
import { V3_BULK_MAX } from "../wix/products-v3.js";

export interface BulkEntry<R> {
  event: ItemUpsertEvent;
  attempts: number;
  startedAt: number;
  resolve(result: R): void;
  reject(error: unknown): void;
}

/**
 * Collects bulk-trigger upserts from every shard this process consumes into batches of up to 100,
 * flushed when full, when no entry came for `lingerMs`, or `maxWaitMs` after the first entry. Each
 * item is in a batch at most once, because the keyed queue delays an item's next event until the
 * current one settles.
 */
export class BulkBatcher<R> {
  private pending: BulkEntry<R>[] = [];
  private timer: NodeJS.Timeout | null = null;
  private firstAt = 0;

  constructor(
    private readonly flush: (entries: BulkEntry<R>[]) => Promise<void>,
    private readonly lingerMs = 250,
    private readonly maxWaitMs = lingerMs * 8,
    private readonly maxSize = V3_BULK_MAX,
  ) {}

  submit(event: ItemUpsertEvent, attempts: number, startedAt: number): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      if (!this.pending.length) this.firstAt = Date.now();
      this.pending.push({ event, attempts, startedAt, resolve, reject });
      if (this.pending.length >= this.maxSize) return this.flushNow();
      if (this.timer) clearTimeout(this.timer);
      const waitMs = Math.min(
        this.lingerMs,
        Math.max(0, this.firstAt + this.maxWaitMs - Date.now()),
      );
      this.timer = setTimeout(() => this.flushNow(), waitMs);
    });
  }

  flushNow(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const entries = this.pending;
    this.pending = [];
    if (!entries.length) return;
    this.flush(entries).catch((error: unknown) => {
      for (const entry of entries) entry.reject(error);
    });
  }
}
