// Shapes of the wix_integration admin API and realtime events, as agreed with the Frappe app.

export type LogStatus =
  "Queued" | "Published" | "Processing" | "Success" | "Failed" | "Skipped" | "Superseded";

/** One Wix Integration Log row as health() lists it. */
export interface RecentLog {
  name: string;
  item: string;
  status: LogStatus | string;
  operation: string | null;
  trigger: string | null;
  message: string | null;
  /** Error from publishing to RabbitMQ, kept while the row waits in the outbox. */
  publish_error?: string | null;
  /** Frappe datetime, `YYYY-MM-DD HH:mm:ss[.ffffff]` in the site's time zone. */
  modified: string;
  wix_product_id: string | null;
}

export interface HourlyBucket {
  /** ISO start of the hour. */
  hour: string;
  success: number;
  failed: number;
}

export interface Health {
  enabled: boolean;
  broker: { reachable: boolean; error: string | null };
  queue_depth: number | null;
  worker: {
    alive: boolean;
    heartbeat_age_seconds: number | null;
    worker_id: string | null;
    catalog_version: string | null;
  };
  success_rate: { "24h": number | null; "7d": number | null };
  totals: { synced: number; failed: number; pending: number };
  last_sync: { item_code: string; status: string; at: string } | null;
  recent: RecentLog[];
  hourly: HourlyBucket[];
}

export type SettingValue = string | number | boolean | null;

/** get_settings: every Wix Settings field except the API key. */
export type Settings = Record<string, SettingValue> & { api_key_set?: boolean };

export interface FieldError {
  field: string;
  message: string;
}

export type SaveSettingsResult = { ok: true } | { ok: false; errors: FieldError[] };

export interface ConnectionCheck {
  name: "broker" | "worker" | "config" | "wix_auth" | "catalog_version" | string;
  ok: boolean;
  message: string;
}

export interface TestConnectionResult {
  ok: boolean;
  catalog_version: string | null;
  checks: ConnectionCheck[];
}

export interface TriggerSyncResult {
  event_id: string;
  log: string;
  status: string;
}

export interface BulkSyncResult {
  job_id: string;
  total: number;
}

export interface RetryResult {
  retried: number;
  skipped: { log: string; reason: string }[];
}

/** Realtime `wix_sync_result`. */
export interface SyncResultEvent {
  item_code: string;
  status: string;
  message: string;
  log: string;
  wix_product_id: string | null;
  product_page_url: string | null;
  finished_at: string;
}

/** Realtime `wix_bulk_progress`. */
export interface BulkProgressEvent {
  job_id: string;
  done: number;
  total: number;
  failed: number;
}

/** frappe.desk.search.search_link row. */
export interface LinkOption {
  value: string;
  label?: string;
  description?: string;
}
