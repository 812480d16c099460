import type * as yup from "yup";
import { ValidationError } from "yup";

import {
  connectionTestReply,
  connectionTestRequest,
  heartbeat,
  itemDelete,
  itemUpsert,
  settingsChanged,
  syncResult,
  wixWebhookEvent,
  workerConfig,
} from "./messages.js";

export { SCHEMA_VERSION } from "./common.js";
export type { CatalogVersion, Trigger } from "./common.js";
export type { SyncOperation, SyncStatus } from "./messages.js";
export { itemShard, routingKey, topology } from "./topology.js";

/** The yup schema for each contract schema, keyed by its file name in contract/schemas. */
export const schemas = {
  "connection-test-reply": connectionTestReply,
  "connection-test-request": connectionTestRequest,
  heartbeat,
  "item-delete": itemDelete,
  "item-upsert": itemUpsert,
  "settings-changed": settingsChanged,
  "sync-result": syncResult,
  "wix-webhook-event": wixWebhookEvent,
  "worker-config": workerConfig,
};

export type SchemaName = keyof typeof schemas;
export type Message<N extends SchemaName> = yup.InferType<(typeof schemas)[N]>;

export type ItemUpsertEvent = Message<"item-upsert">;
export type ItemDeleteEvent = Message<"item-delete">;
export type ErpItem = ItemUpsertEvent["item"];
export type ItemMapping = ItemUpsertEvent["mapping"];
export type SettingsChangedEvent = Message<"settings-changed">;
export type ConnectionTestRequest = Message<"connection-test-request">;
export type ConnectionTestReply = Message<"connection-test-reply">;
export type Heartbeat = Message<"heartbeat">;
export type SyncResult = Message<"sync-result">;
export type WixWebhookEvent = Message<"wix-webhook-event">;
export type WorkerConfig = Message<"worker-config">;
export type SyncFields = WorkerConfig["sync_fields"];

/** A message that does not match its contract schema; `errors` lists each violation as `path: message`. */
export class ContractViolation extends Error {
  override name = "ContractViolation";
  constructor(
    readonly schema: SchemaName,
    readonly errors: string[],
  ) {
    super(`${schema} message is invalid: ${errors.join("; ")}`);
  }
}

/** Validates `value` against a contract schema and returns it typed, or throws ContractViolation. */
export function decode<N extends SchemaName>(schema: N, value: unknown): Message<N> {
  try {
    return schemas[schema].validateSync(value, { strict: true, abortEarly: false }) as Message<N>;
  } catch (error) {
    if (error instanceof ValidationError) {
      throw new ContractViolation(schema, error.errors.length ? error.errors : [error.message]);
    }
    throw error;
  }
}
