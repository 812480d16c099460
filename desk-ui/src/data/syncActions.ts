import { computed, ref } from "vue";
import { BulkProgressTracker } from "../lib/bulkProgress.js";
import { coalesce } from "../lib/coalesce.js";
import { callMethod, listDocuments } from "./api.js";
import { useRealtimeEvent, useReconnect } from "./realtime.js";
import type {
  BulkSyncResult,
  RecentLog,
  RetryResult,
  SyncResultEvent,
  TriggerSyncResult,
} from "./types.js";

const ADMIN = "wix_integration.api.admin";

/** At most this many failed rows are listed, and so retried by Retry all. */
export const FAILED_LIST_LIMIT = 100;

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Manual Sync of one item, followed live until the worker's result for its log row arrives. */
export function useManualSync() {
  const queued = ref<(TriggerSyncResult & { itemCode: string }) | null>(null);
  const outcome = ref<SyncResultEvent | null>(null);
  const running = ref(false);
  const error = ref<string | null>(null);

  useRealtimeEvent("wix_sync_result", (event) => {
    if (queued.value && event.log === queued.value.log) outcome.value = event;
  });

  async function trigger(itemCode: string) {
    running.value = true;
    error.value = null;
    outcome.value = null;
    try {
      const result = await callMethod<TriggerSyncResult>(`${ADMIN}.trigger_sync`, {
        args: { item_code: itemCode },
      });
      queued.value = { ...result, itemCode };
    } catch (caught) {
      queued.value = null;
      error.value = messageOf(caught);
    } finally {
      running.value = false;
    }
  }

  return { queued, outcome, running, error, trigger };
}

/** Bulk Sync by item group, with progress from `wix_bulk_progress`. */
export function useBulkSync() {
  const tracker = new BulkProgressTracker();
  const job = ref<BulkSyncResult | null>(null);
  const starting = ref(false);
  const error = ref<string | null>(null);
  // Bumped on every event so the computed progress re-reads the tracker, which is not reactive.
  const revision = ref(0);

  useRealtimeEvent("wix_bulk_progress", (event) => {
    tracker.record(event);
    revision.value += 1;
  });

  const progress = computed(() => {
    void revision.value;
    return job.value ? tracker.progress(job.value.job_id, job.value.total) : null;
  });

  async function start(itemGroup: string) {
    starting.value = true;
    error.value = null;
    try {
      const filters = itemGroup ? { item_group: itemGroup } : {};
      job.value = await callMethod<BulkSyncResult>(`${ADMIN}.bulk_sync`, { args: { filters } });
    } catch (caught) {
      job.value = null;
      error.value = messageOf(caught);
    } finally {
      starting.value = false;
    }
  }

  return { job, progress, starting, error, start };
}

/** Failed Wix Integration Log rows, with Retry for one row and for all of them. */
export function useFailedSyncs() {
  const rows = ref<RecentLog[]>([]);
  const loading = ref(false);
  const loaded = ref(false);
  const error = ref<string | null>(null);
  const retrying = ref<Set<string>>(new Set());
  const lastRetry = ref<RetryResult | null>(null);
  const retryError = ref<string | null>(null);

  async function reload() {
    loading.value = true;
    try {
      rows.value = await listDocuments<RecentLog>("Wix Integration Log", {
        fields: [
          "name",
          "item",
          "status",
          "operation",
          "trigger",
          "message",
          "modified",
          "wix_product_id",
        ],
        // Only item events can be retried, and a retried row already points at its retry.
        filters: [
          ["status", "=", "Failed"],
          ["event_type", "in", ["item.upsert", "item.delete"]],
          ["retried_as", "is", "not set"],
        ],
        orderBy: "modified desc",
        limit: FAILED_LIST_LIMIT,
      });
      error.value = null;
      loaded.value = true;
    } catch (caught) {
      error.value = messageOf(caught);
    } finally {
      loading.value = false;
    }
  }

  const refetch = coalesce(reload, 1_000);
  useRealtimeEvent("wix_health_changed", refetch);
  useReconnect(refetch);

  async function retry(logNames: string[]) {
    if (logNames.length === 0) return;
    retrying.value = new Set([...retrying.value, ...logNames]);
    retryError.value = null;
    try {
      lastRetry.value = await callMethod<RetryResult>(`${ADMIN}.retry`, {
        args: { log_names: logNames },
      });
      await reload();
    } catch (caught) {
      retryError.value = messageOf(caught);
    } finally {
      const still = new Set(retrying.value);
      logNames.forEach((name) => still.delete(name));
      retrying.value = still;
    }
  }

  return { rows, loading, loaded, error, retrying, lastRetry, retryError, reload, retry };
}
