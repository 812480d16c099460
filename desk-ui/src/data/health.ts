import { onScopeDispose, ref } from "vue";
import { coalesce } from "../lib/coalesce.js";
import { applySyncResult } from "../lib/liveHealth.js";
import { callMethod } from "./api.js";
import { useRealtimeEvent, useReconnect } from "./realtime.js";
import type { Health } from "./types.js";

/** Refetch health at most this often while a bulk sync streams results. */
export const HEALTH_REFETCH_INTERVAL_MS = 1_000;
/**
 * Worker heartbeats and queue depth change without a realtime event, so a visible page also
 * refetches health this often. The worker sends a heartbeat every 15 s.
 */
export const HEALTH_POLL_INTERVAL_MS = 30_000;

/** health(), kept current by the realtime events without reloading the page. */
export function useHealth() {
  const health = ref<Health | null>(null);
  const loading = ref(false);
  const error = ref<string | null>(null);
  const loadedAt = ref<Date | null>(null);

  async function reload() {
    loading.value = true;
    try {
      health.value = await callMethod<Health>("wix_integration.api.admin.health", { http: "GET" });
      error.value = null;
      loadedAt.value = new Date();
    } catch (caught) {
      error.value = caught instanceof Error ? caught.message : String(caught);
    } finally {
      loading.value = false;
    }
  }

  const refetch = coalesce(reload, HEALTH_REFETCH_INTERVAL_MS);

  useRealtimeEvent("wix_sync_result", (event) => {
    if (health.value) health.value = applySyncResult(health.value, event);
  });
  useRealtimeEvent("wix_health_changed", refetch);
  useReconnect(refetch);

  const poll = setInterval(() => {
    if (globalThis.document?.visibilityState !== "hidden") refetch();
  }, HEALTH_POLL_INTERVAL_MS);
  onScopeDispose(() => clearInterval(poll));

  return { health, loading, error, loadedAt, reload, refetch };
}
