import { randomUUID } from "node:crypto";

import { SCHEMA_VERSION, decode, type ItemUpsertEvent } from "../contract/index.js";
import type { ItemSnapshot } from "./catalogs/index.js";

/** Frappe site name the demo's events claim to come from. */
export const DEMO_SITE = "demo.localhost";

/**
 * Builds the item.upsert event that Frappe's publisher sends for a bulk sync of a never-synced Item,
 * and validates it against the contract, so a converter bug fails here and not inside the worker.
 */
export function itemUpsertEvent(item: ItemSnapshot, occurredAt = new Date()): ItemUpsertEvent {
  return decode("item-upsert", {
    schema_version: SCHEMA_VERSION,
    type: "item.upsert",
    event_id: randomUUID(),
    occurred_at: occurredAt.toISOString(),
    site: DEMO_SITE,
    trigger: "bulk",
    item,
    mapping: {
      wix_product_id: null,
      wix_variant_id: null,
      catalog_version: null,
      content_hash: null,
      wix_revision: null,
    },
  });
}
