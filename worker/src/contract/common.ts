import * as yup from "yup";

// Mirrors contract/schemas/common.schema.json. Every object schema is strict (no type coercion) and
// rejects unknown keys, as `additionalProperties: false` does in the JSON Schemas.

export const SCHEMA_VERSION = 1;

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;
const ITEM_VERSION = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?$/;
const CONTENT_HASH = /^[0-9a-f]{64}$/;

export const schemaVersion = () =>
  yup.number().defined().oneOf([SCHEMA_VERSION], `schema_version must be ${SCHEMA_VERSION}`);

export const constant = <T extends string>(value: T) =>
  yup.string<T>().defined().oneOf([value], `\${path} must be "${value}"`);

export const uuid = () => yup.string().defined().matches(UUID, "${path} must be a UUID");
export const timestamp = () =>
  yup.string().defined().matches(TIMESTAMP, "${path} must be an ISO 8601 timestamp with an offset");
export const site = () => yup.string().defined().min(1).max(255);
export const itemCode = () => yup.string().defined().min(1).max(1000);
export const itemVersion = () =>
  yup
    .string()
    .defined()
    .matches(ITEM_VERSION, "${path} must look like Item.modified, e.g. 2026-12-04 12:00:00.123456");
export const contentHash = () =>
  yup.string().nullable().defined().matches(CONTENT_HASH, {
    message: "${path} must be 64 lowercase hex digits",
    excludeEmptyString: false,
  });
export const nullableString = () => yup.string().nullable().defined();

export const TRIGGERS = ["auto", "manual", "bulk", "retry", "webhook"] as const;
export type Trigger = (typeof TRIGGERS)[number];
export const trigger = () => yup.string<Trigger>().defined().oneOf(TRIGGERS);

export const CATALOG_VERSIONS = ["V1", "V3"] as const;
export type CatalogVersion = (typeof CATALOG_VERSIONS)[number];
export const catalogVersion = () =>
  yup
    .string<CatalogVersion>()
    .nullable()
    .defined()
    .oneOf([...CATALOG_VERSIONS, null]);

/** Builds a strict object schema that rejects keys its shape does not name. */
export function closedObject<S extends yup.ObjectShape>(shape: S) {
  return yup.object(shape).strict().noUnknown(true, "${path} has unknown keys: ${unknown}");
}

export const mapping = () =>
  closedObject({
    wix_product_id: yup.string().nullable().defined().min(1).max(64),
    wix_variant_id: yup.string().nullable().defined().max(64),
    catalog_version: catalogVersion(),
    content_hash: contentHash(),
    wix_revision: yup.string().nullable().defined().max(32),
  }).defined();
