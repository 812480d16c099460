import { topology } from "../contract/index.js";

/** Default delays of the retry queues, in milliseconds: roughly ×4 per attempt, capped at 10 minutes. */
export const DEFAULT_RETRY_DELAYS_MS = [1_000, 4_000, 15_000, 60_000, 240_000, 600_000];

/** Headers the worker sets on messages it republishes. */
export const HEADERS = {
  attempts: "wix-attempts",
  retryDelay: "wix-retry-delay",
  parkReason: "wix-park-reason",
  parkCode: "wix-park-code",
  originalRoutingKey: "wix-original-routing-key",
  firstSeenAt: "wix-first-seen-at",
} as const;

/** Exchange and queue names for one namespace; the default namespace is the contract's exchange name. */
export function topologyNames(namespace: string = topology.exchange.name) {
  return {
    exchange: namespace,
    retryExchange: `${namespace}.retry`,
    itemQueue: (shard: number) => `${namespace}.items.${shard}`,
    retryQueue: (delayMs: number) => `${namespace}.retry.${delayMs}ms`,
    parkingQueue: `${namespace}.parking`,
    resultsQueue: `${namespace}.results`,
    controlQueue: `${namespace}.control`,
    webhooksQueue: `${namespace}.webhooks`,
  };
}

export type TopologyNames = ReturnType<typeof topologyNames>;

/** Returns every queue that a worker declares in one namespace: items, retries, then the rest. */
export function namespaceQueues(
  namespace: string,
  retryDelaysMs: readonly number[] = DEFAULT_RETRY_DELAYS_MS,
): string[] {
  const names = topologyNames(namespace);
  return [
    ...Array.from({ length: topology.item_shards }, (_, shard) => names.itemQueue(shard)),
    ...retryDelaysMs.map((delay) => names.retryQueue(delay)),
    names.parkingQueue,
    names.resultsQueue,
    names.controlQueue,
    names.webhooksQueue,
  ];
}
