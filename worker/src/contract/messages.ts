import * as yup from "yup";

import {
  catalogVersion,
  closedObject,
  constant,
  contentHash,
  itemCode,
  itemVersion,
  mapping,
  nullableString,
  schemaVersion,
  site,
  timestamp,
  trigger,
  uuid,
} from "./common.js";

// One yup schema per file in contract/schemas, with the same field names, types and limits.

const price = closedObject({
  amount: yup
    .string()
    .defined()
    .matches(/^-?\d{1,15}(\.\d{1,9})?$/, "${path} must be a decimal string such as 14.50"),
  currency: yup
    .string()
    .nullable()
    .defined()
    .matches(/^[A-Z]{3}$/, "${path} must be an ISO 4217 code"),
  source: yup
    .string<"price_list" | "standard_rate">()
    .defined()
    .oneOf(["price_list", "standard_rate"]),
  price_list: nullableString(),
})
  .nullable()
  .defined();

const weight = closedObject({
  value: yup.number().defined(),
  uom: yup.string().defined().min(1),
})
  .nullable()
  .defined();

export const item = closedObject({
  item_code: itemCode(),
  item_name: yup.string().defined().max(1000),
  item_version: itemVersion(),
  description: nullableString(),
  brand: nullableString(),
  item_group: nullableString(),
  disabled: yup.boolean().defined(),
  is_sales_item: yup.boolean().defined(),
  price,
  images: yup.array().of(yup.string().defined().min(1).max(2048)).defined().max(100),
  weight,
  barcode: nullableString(),
}).defined();

export const itemUpsert = closedObject({
  schema_version: schemaVersion(),
  type: constant("item.upsert"),
  event_id: uuid(),
  occurred_at: timestamp(),
  site: site(),
  trigger: trigger(),
  item,
  mapping: mapping(),
});

export const itemDelete = closedObject({
  schema_version: schemaVersion(),
  type: constant("item.delete"),
  event_id: uuid(),
  occurred_at: timestamp(),
  site: site(),
  trigger: trigger(),
  item_code: itemCode(),
  item_version: itemVersion(),
  mapping: mapping(),
});

export const settingsChanged = closedObject({
  schema_version: schemaVersion(),
  type: constant("settings.changed"),
  event_id: uuid(),
  occurred_at: timestamp(),
  site: site(),
  changed_fields: yup
    .array()
    .of(
      yup
        .string()
        .defined()
        .matches(/^[a-z][a-z0-9_]*$/, "${path} must be a field name"),
    )
    .defined()
    .test(
      "unique",
      "${path} must not repeat a field",
      (fields) => new Set(fields).size === fields?.length,
    ),
});

export const connectionTestRequest = closedObject({
  schema_version: schemaVersion(),
  type: constant("connection.test.request"),
  request_id: uuid(),
  requested_at: timestamp(),
  site: site(),
  timeout_ms: yup.number().defined().integer().min(100).max(60000),
});

export const CHECK_NAMES = ["config", "wix_auth", "catalog_version"] as const;

export const connectionTestReply = closedObject({
  schema_version: schemaVersion(),
  type: constant("connection.test.reply"),
  request_id: uuid(),
  worker_id: yup.string().defined().min(1).max(200),
  ok: yup.boolean().defined(),
  catalog_version: yup
    .string<"V1" | "V3" | "STORES_NOT_INSTALLED">()
    .nullable()
    .defined()
    .oneOf(["V1", "V3", "STORES_NOT_INSTALLED", null]),
  checks: yup
    .array()
    .of(
      closedObject({
        name: yup.string<(typeof CHECK_NAMES)[number]>().defined().oneOf(CHECK_NAMES),
        ok: yup.boolean().defined(),
        message: yup.string().defined().max(2000),
      }),
    )
    .defined()
    .min(1),
  finished_at: timestamp(),
});

const count = () => yup.number().defined().integer().min(0);

export const heartbeat = closedObject({
  schema_version: schemaVersion(),
  type: constant("worker.heartbeat"),
  worker_id: yup.string().defined().min(1).max(200),
  hostname: yup.string().defined().max(255),
  pid: yup.number().defined().integer().min(1),
  version: yup.string().defined().max(50),
  started_at: timestamp(),
  sent_at: timestamp(),
  catalog_version: catalogVersion(),
  stats: closedObject({
    processed: count(),
    failed: count(),
    retried: count(),
    in_flight: count(),
  }).defined(),
});

const OPERATIONS = ["create", "adopt", "update", "hide", "delete", "noop", "validate"] as const;
const STATUSES = ["Success", "Failed", "Skipped", "Superseded"] as const;
export type SyncOperation = (typeof OPERATIONS)[number];
export type SyncStatus = (typeof STATUSES)[number];

/** A JSON object or null; arrays and strings are rejected as they are by `"type": ["object", "null"]`. */
const objectOrNull = () =>
  yup
    .mixed<Record<string, unknown>>()
    .nullable()
    .defined()
    .test(
      "object",
      "${path} must be an object or null",
      (value) => value === null || isPlainObject(value),
    );

export const syncResult = closedObject({
  schema_version: schemaVersion(),
  type: constant("sync.result"),
  event_id: uuid(),
  item_code: itemCode(),
  operation: yup.string<SyncOperation>().defined().oneOf(OPERATIONS),
  status: yup.string<SyncStatus>().defined().oneOf(STATUSES),
  attempts: yup.number().defined().integer().min(1),
  duration_ms: yup.number().defined().min(0),
  finished_at: timestamp(),
  worker_id: yup.string().defined().min(1).max(200),
  item_version: itemVersion().nullable(),
  dry_run: yup.boolean().defined(),
  wix: closedObject({
    product_id: yup.string().nullable().defined().max(64),
    variant_id: yup.string().nullable().defined().max(64),
    revision: yup.string().nullable().defined().max(32),
    catalog_version: catalogVersion(),
    product_page_url: yup.string().nullable().defined().max(2048),
    content_hash: contentHash(),
  }).defined(),
  message: yup.string().defined().max(2000),
  error: closedObject({
    code: yup.string().defined().min(1).max(100),
    message: yup.string().defined().max(4000),
    permanent: yup.boolean().defined(),
    field: yup.string().nullable().defined().max(200),
    http_status: yup.number().nullable().defined().integer().min(100).max(599),
  })
    .nullable()
    .defined(),
  request: objectOrNull(),
  response: objectOrNull(),
});

export const wixWebhookEvent = closedObject({
  schema_version: schemaVersion(),
  type: constant("wix.webhook"),
  event_id: yup.string().defined().min(1).max(200),
  event_type: yup
    .string()
    .defined()
    .max(200)
    .matches(/^[A-Za-z0-9_.]+$/, "${path} must contain only letters, digits, dots and underscores"),
  instance_id: yup.string().defined().min(1).max(200),
  entity_fqdn: nullableString(),
  entity_id: nullableString(),
  slug: nullableString(),
  event_time: timestamp().nullable(),
  received_at: timestamp(),
  data: yup
    .mixed<Record<string, unknown>>()
    .defined()
    .test("object", "${path} must be an object", (value) => isPlainObject(value)),
  identity: objectOrNull(),
});

const syncFields = closedObject({
  name: yup.boolean().defined(),
  description: yup.boolean().defined(),
  price: yup.boolean().defined(),
  images: yup.boolean().defined(),
  brand: yup.boolean().defined(),
  weight: yup.boolean().defined(),
  barcode: yup.boolean().defined(),
}).defined();

export const workerConfig = closedObject({
  schema_version: schemaVersion(),
  enabled: yup.boolean().defined(),
  test_mode: yup.boolean().defined(),
  site_id: nullableString(),
  api_key: nullableString(),
  account_id: nullableString(),
  wix_base_url: yup
    .string()
    .defined()
    .matches(/^https?:\/\//, "${path} must start with http:// or https://"),
  catalog_version: catalogVersion(),
  sync_fields: syncFields,
  on_disable: yup.string<"hide" | "ignore">().defined().oneOf(["hide", "ignore"]),
  on_delete: yup.string<"delete" | "hide">().defined().oneOf(["delete", "hide"]),
  retry_attempts: yup.number().defined().integer().min(0).max(20),
  request_timeout_ms: yup.number().defined().integer().min(1000).max(300000),
  rate_limit_per_minute: yup.number().defined().integer().min(1).max(10000),
  weight_unit: yup.string<"KG" | "LB">().defined().oneOf(["KG", "LB"]),
  log_level: yup
    .string<"debug" | "info" | "warn" | "error">()
    .defined()
    .oneOf(["debug", "info", "warn", "error"]),
});

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return Object.prototype.toString.call(value) === "[object Object]";
}
