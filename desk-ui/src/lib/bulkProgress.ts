import type { BulkProgressEvent } from "../data/types.js";

export interface BulkProgress {
  jobId: string;
  done: number;
  total: number;
  failed: number;
  finished: boolean;
  percent: number;
}

/**
 * Keeps the newest progress of each bulk job. Realtime events can arrive out of order, and the
 * first ones before bulk_sync has even returned the job id, so events are kept per job and a
 * smaller `done` never replaces a larger one.
 */
export class BulkProgressTracker {
  private readonly latest = new Map<string, BulkProgressEvent>();

  record(event: BulkProgressEvent): void {
    const previous = this.latest.get(event.job_id);
    if (previous && previous.done > event.done) return;
    this.latest.set(event.job_id, event);
  }

  /** Progress of `jobId`, starting from zero of `total` until its first event arrives. */
  progress(jobId: string, total: number): BulkProgress {
    const event = this.latest.get(jobId) ?? { job_id: jobId, done: 0, total, failed: 0 };
    const jobTotal = event.total || total;
    const done = Math.min(event.done, jobTotal);
    return {
      jobId,
      done,
      total: jobTotal,
      failed: event.failed,
      finished: done >= jobTotal,
      percent: jobTotal > 0 ? Math.round((done / jobTotal) * 100) : 100,
    };
  }
}
