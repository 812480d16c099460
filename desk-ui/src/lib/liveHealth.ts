import type { Health, RecentLog, SyncResultEvent } from "../data/types.js";

/** health() lists this many recent log rows; live rows keep the timeline at the same length. */
export const RECENT_LIMIT = 20;

/**
 * Returns `health` with a realtime `wix_sync_result` applied: the log row moves to the top of
 * the timeline with its new status, and the last sync points at it. Totals and rates are left to
 * the refetch that `wix_health_changed` starts, because only the server can count them.
 */
export function applySyncResult(health: Health, event: SyncResultEvent): Health {
  const previous = health.recent.find((row) => row.name === event.log);
  const row: RecentLog = {
    name: event.log,
    item: event.item_code,
    status: event.status,
    operation: previous?.operation ?? null,
    trigger: previous?.trigger ?? null,
    message: event.message,
    modified: event.finished_at,
    wix_product_id: event.wix_product_id ?? previous?.wix_product_id ?? null,
  };
  const others = health.recent.filter((existing) => existing.name !== event.log);
  return {
    ...health,
    recent: [row, ...others].slice(0, RECENT_LIMIT),
    last_sync: { item_code: event.item_code, status: event.status, at: event.finished_at },
  };
}
