import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

/** Creates the worker's Prometheus metrics, on a registry of its own so several workers can share a process. */
export function createMetrics({ defaultMetrics = false } = {}) {
  const registry = new Registry();
  if (defaultMetrics) collectDefaultMetrics({ register: registry });
  const registers = [registry];
  return {
    registry,
    processed: new Counter({
      name: "wix_worker_messages_processed_total",
      help: "Item events that reached a final outcome, by status (Success, Failed, Skipped, Superseded)",
      labelNames: ["status", "operation"],
      registers,
    }),
    failed: new Counter({
      name: "wix_worker_messages_failed_total",
      help: "Item events that ended Failed, by error code",
      labelNames: ["code"],
      registers,
    }),
    retried: new Counter({
      name: "wix_worker_messages_retried_total",
      help: "Item events sent to a delayed-retry queue",
      registers,
    }),
    parked: new Counter({
      name: "wix_worker_messages_parked_total",
      help: "Messages moved to the parking queue, by reason code",
      labelNames: ["code"],
      registers,
    }),
    wixCalls: new Counter({
      name: "wix_worker_wix_calls_total",
      help: "Wix API calls by method, route and HTTP status (0 = no response)",
      labelNames: ["method", "route", "status"],
      registers,
    }),
    wixCallSeconds: new Histogram({
      name: "wix_worker_wix_call_duration_seconds",
      help: "Duration of Wix API calls, in seconds",
      labelNames: ["method", "route"],
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    }),
    rateLimitWaits: new Counter({
      name: "wix_worker_rate_limit_waits_total",
      help: "Wix calls that waited for the per-site token bucket",
      registers,
    }),
    rateLimitWaitSeconds: new Counter({
      name: "wix_worker_rate_limit_wait_seconds_total",
      help: "Time spent waiting for the per-site token bucket, in seconds",
      registers,
    }),
    queueLagSeconds: new Histogram({
      name: "wix_worker_queue_lag_seconds",
      help: "Time from an event's occurred_at to the start of its processing, in seconds",
      buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300, 1800],
      registers,
    }),
    inFlight: new Gauge({
      name: "wix_worker_in_flight",
      help: "Item events being processed now",
      registers,
    }),
    resultsPending: new Gauge({
      name: "wix_worker_results_undelivered",
      help: "Sync results this process keeps retrying because the result sink failed",
      registers,
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
