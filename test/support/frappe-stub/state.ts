// In-memory Wix Settings, Items and Wix Integration Log rows, and health() computed from them the
// way the Frappe app defines it.
import { randomBytes, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { repoRoot } from "../contract.js";

export type Value = string | number | null;

export interface LogRow {
  name: string;
  event_id: string;
  event_type: string;
  item: string;
  status: string;
  operation: string;
  trigger: string;
  message: string | null;
  wix_product_id: string | null;
  retry_of: string | null;
  retried_as: string | null;
  creation: Date;
  modified: Date;
  finished_at: Date | null;
}

interface DocField {
  fieldname: string;
  fieldtype: string;
  default?: string;
}

const SETTINGS_JSON = path.join(
  repoRoot,
  "frappe_app/wix_integration/wix_integration/doctype/wix_settings/wix_settings.json",
);
const NO_VALUE_TYPES = new Set(["Section Break", "Column Break", "Tab Break", "Button", "HTML"]);
const PENDING = new Set(["Queued", "Published", "Processing"]);
const FINISHED = new Set(["Success", "Failed"]);
/** A worker whose last heartbeat is older than this counts as not running. */
export const HEARTBEAT_STALE_SECONDS = 90;

/** Frappe's datetime text, `YYYY-MM-DD HH:mm:ss.ffffff`, in the server's local time. */
export function frappeDatetime(date: Date): string {
  const pad = (value: number, width = 2) => String(value).padStart(width, "0");
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ` +
    `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.` +
    pad(date.getMilliseconds() * 1000, 6)
  );
}

/** Frappe's `hash` naming: ten lowercase hex characters. */
export const newLogName = () => randomBytes(5).toString("hex");

export function settingsFields(): DocField[] {
  const doc = JSON.parse(readFileSync(SETTINGS_JSON, "utf8")) as { fields: DocField[] };
  return doc.fields.filter((field) => !NO_VALUE_TYPES.has(field.fieldtype));
}

function defaultValue(field: DocField): Value {
  if (field.default === undefined) return field.fieldtype === "Check" ? 0 : null;
  return ["Check", "Int"].includes(field.fieldtype) ? Number(field.default) : field.default;
}

export class StubState {
  readonly fields = settingsFields();
  settings: Record<string, Value>;
  apiKey: string | null = null;
  readonly items = new Map<string, { item_name: string; item_group: string }>();
  readonly itemGroups = ["All Item Groups", "Products", "Drinkware", "Apparel"];
  readonly priceLists = ["Standard Selling", "Wholesale"];
  readonly logs: LogRow[] = [];
  lastHeartbeat: { at: Date; worker_id: string; catalog_version: string | null } | null = null;

  constructor(readonly baseUrl: string) {
    this.settings = Object.fromEntries(
      this.fields.map((field) => [field.fieldname, defaultValue(field)]),
    );
    this.settings.webhook_url = `${baseUrl}/api/method/wix_integration.api.webhook.receive`;
  }

  addItem(code: string, itemName: string, itemGroup: string) {
    this.items.set(code, { item_name: itemName, item_group: itemGroup });
  }

  addLog(row: Partial<LogRow> & { item: string }): LogRow {
    const now = new Date();
    const log: LogRow = {
      name: newLogName(),
      event_id: randomUUID(),
      event_type: "item.upsert",
      status: "Queued",
      operation: "upsert",
      trigger: "manual",
      message: null,
      wix_product_id: null,
      retry_of: null,
      retried_as: null,
      creation: now,
      modified: now,
      finished_at: null,
      ...row,
    };
    this.logs.push(log);
    return log;
  }

  /** Returns each item's latest finished log row, which decides its Wix Item Mapping sync status. */
  private latestFinishedPerItem(): LogRow[] {
    const latest = new Map<string, LogRow>();
    for (const log of this.logs) {
      if (!log.finished_at || !FINISHED.has(log.status)) continue;
      const current = latest.get(log.item);
      if (!current || current.modified <= log.modified) latest.set(log.item, log);
    }
    return [...latest.values()];
  }

  private successRate(since: Date): number | null {
    const finished = this.logs.filter(
      (log) => log.finished_at && log.finished_at >= since && FINISHED.has(log.status),
    );
    if (finished.length === 0) return null;
    return finished.filter((log) => log.status === "Success").length / finished.length;
  }

  private hourly(now: Date) {
    const start = new Date(now);
    start.setMinutes(0, 0, 0);
    start.setHours(start.getHours() - 23);
    return Array.from({ length: 24 }, (_, index) => {
      const from = new Date(start.getTime() + index * 3_600_000);
      const to = new Date(from.getTime() + 3_600_000);
      const inHour = this.logs.filter(
        (log) => log.finished_at && log.finished_at >= from && log.finished_at < to,
      );
      return {
        hour: from.toISOString(),
        success: inHour.filter((log) => log.status === "Success").length,
        failed: inHour.filter((log) => log.status === "Failed").length,
      };
    });
  }

  health() {
    const now = new Date();
    const latest = this.latestFinishedPerItem();
    const finished = this.logs
      .filter((log) => log.finished_at)
      .sort((a, b) => b.finished_at!.getTime() - a.finished_at!.getTime());
    const lastFinished = finished[0];
    const heartbeatAge = this.lastHeartbeat
      ? (now.getTime() - this.lastHeartbeat.at.getTime()) / 1000
      : null;
    return {
      enabled: Boolean(this.settings.enabled),
      broker: { reachable: true, error: null },
      queue_depth: this.logs.filter((log) => log.status === "Queued" || log.status === "Published")
        .length,
      worker: {
        alive: heartbeatAge !== null && heartbeatAge < HEARTBEAT_STALE_SECONDS,
        heartbeat_age_seconds: heartbeatAge === null ? null : Math.round(heartbeatAge),
        worker_id: this.lastHeartbeat?.worker_id ?? null,
        catalog_version: this.lastHeartbeat?.catalog_version ?? null,
      },
      success_rate: {
        "24h": this.successRate(new Date(now.getTime() - 86_400_000)),
        "7d": this.successRate(new Date(now.getTime() - 7 * 86_400_000)),
      },
      totals: {
        synced: latest.filter((log) => log.status === "Success").length,
        failed: latest.filter((log) => log.status === "Failed").length,
        pending: this.logs.filter((log) => PENDING.has(log.status)).length,
      },
      last_sync: lastFinished
        ? {
            item_code: lastFinished.item,
            status: lastFinished.status,
            at: frappeDatetime(lastFinished.finished_at!),
          }
        : null,
      recent: [...this.logs]
        .sort((a, b) => b.modified.getTime() - a.modified.getTime())
        .slice(0, 20)
        .map((log) => this.logRow(log)),
      hourly: this.hourly(now),
    };
  }

  logRow(log: LogRow) {
    return {
      name: log.name,
      item: log.item,
      status: log.status,
      operation: log.operation,
      trigger: log.trigger,
      message: log.message,
      modified: frappeDatetime(log.modified),
      wix_product_id: log.wix_product_id,
    };
  }
}

/** Seeds a day of history so the chart, the timeline and the failed list have something to show. */
export function seedDemoData(state: StubState) {
  state.addItem("MUG-001", "Stoneware mug, 350 ml", "Drinkware");
  state.addItem("MUG-002", "Enamel camping mug", "Drinkware");
  state.addItem("TEE-RED-M", "Organic tee, red, M", "Apparel");
  state.addItem("TEE-BLU-L", "Organic tee, blue, L", "Apparel");
  state.addItem("BOTTLE-750", "Steel bottle, 750 ml", "Drinkware");

  const codes = [...state.items.keys()];
  const now = Date.now();
  for (let hoursAgo = 22; hoursAgo >= 1; hoursAgo -= 1) {
    const count = (hoursAgo * 7) % 5;
    for (let index = 0; index < count; index += 1) {
      const at = new Date(now - hoursAgo * 3_600_000 - index * 60_000);
      const failed = (hoursAgo + index) % 6 === 0;
      state.addLog({
        item: codes[(hoursAgo + index) % codes.length]!,
        status: failed ? "Failed" : "Success",
        trigger: "auto",
        operation: "update",
        message: failed
          ? "Wix rejected the product: the name is longer than 80 characters."
          : "Updated Wix product",
        creation: at,
        modified: at,
        finished_at: at,
      });
    }
  }

  const anHourAgo = new Date(now - 60 * 60_000);
  state.addLog({
    item: "",
    event_type: "wix.webhook",
    status: "Failed",
    trigger: "webhook",
    operation: "webhook",
    message: "Wix webhook rejected (expired): the token has expired",
    creation: anHourAgo,
    modified: anHourAgo,
    finished_at: anHourAgo,
  });

  const halfAnHourAgo = new Date(now - 30 * 60_000);
  state.addLog({
    item: "TEE-BLU-L",
    status: "Failed",
    trigger: "auto",
    operation: "update",
    message: "Wix rejected the price: Price List Standard Selling has no rate for TEE-BLU-L.",
    creation: halfAnHourAgo,
    modified: halfAnHourAgo,
    finished_at: halfAnHourAgo,
  });
}
