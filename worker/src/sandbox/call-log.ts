import type { CallRecord, SandboxState } from "./options.js";

/** Records of API calls, capped at `limit` entries, plus counters that are never capped. */
export class CallLog {
  private records: CallRecord[] = [];
  private total = 0;
  private byStatus: Record<string, number> = {};
  private byRoute: Record<string, number> = {};
  private byFault: Record<string, number> = {};

  constructor(private limit: number) {}

  setLimit(limit: number): void {
    this.limit = limit;
    this.trim();
  }

  /** Add a record; `route` is the path template, or "unknown" for a path the sandbox lacks. */
  add(record: CallRecord, route: string): void {
    this.records.push(record);
    this.trim();
    this.total += 1;
    const status = String(record.status);
    this.byStatus[status] = (this.byStatus[status] ?? 0) + 1;
    const key = `${record.method} ${route}`;
    this.byRoute[key] = (this.byRoute[key] ?? 0) + 1;
    if (record.fault) this.byFault[record.fault] = (this.byFault[record.fault] ?? 0) + 1;
  }

  list(): CallRecord[] {
    const start = Math.max(0, this.records.length - this.limit);
    return this.records.slice(start).map((record) => ({ ...record }));
  }

  counters(): SandboxState["calls"] {
    return {
      total: this.total,
      byStatus: { ...this.byStatus },
      byRoute: { ...this.byRoute },
      byFault: { ...this.byFault },
    };
  }

  clear(): void {
    this.records = [];
    this.total = 0;
    this.byStatus = {};
    this.byRoute = {};
    this.byFault = {};
  }

  /** Drop old records in batches, so a full log does not shift the array on every call. */
  private trim(): void {
    const slack = Math.max(1000, Math.floor(this.limit / 10));
    if (this.records.length > this.limit + slack) {
      this.records.splice(0, this.records.length - this.limit);
    }
  }
}
