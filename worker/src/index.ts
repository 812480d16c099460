// Public API of the worker, used by main.ts, the demo, the fault suite and the benchmarks.
export { startWorker, WORKER_VERSION } from "./worker.js";
export type { WorkerHandle, WorkerOptions, WorkerStats } from "./worker.js";
export { declareTopology } from "./amqp/topology.js";
export { itemRoutingKey, publishItemEvent } from "./amqp/publish.js";
export { DEFAULT_RETRY_DELAYS_MS, HEADERS, namespaceQueues, topologyNames } from "./amqp/names.js";
export { fileResultSink, frappeResultSink, memoryResultSink } from "./results/sinks.js";
export type { MemoryResultSink, ResultSink } from "./results/sinks.js";
export { configFromEnv, readEnv, withConfig } from "./config.js";
export { createLogger } from "./logger.js";
export { MemoryItemStateStore, RedisItemStateStore } from "./sync/item-state.js";
export type { ItemState, ItemStateStore } from "./sync/item-state.js";
export { decode, itemShard, routingKey, schemas, ContractViolation } from "./contract/index.js";
export type {
  ItemDeleteEvent,
  ItemUpsertEvent,
  ErpItem,
  SyncResult,
  WorkerConfig,
} from "./contract/index.js";
