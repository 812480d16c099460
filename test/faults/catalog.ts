// The fault suite's catalog: plain items whose Wix state is easy to compare, and the Frappe side of
// publishing them (item versions, and the mapping Frappe would send after a successful sync).
import { randomUUID } from "node:crypto";

import type { ErpItem, ItemMapping, ItemUpsertEvent } from "../../worker/src/contract/index.js";
import type { SyncResult } from "../support/frappe-writeback.js";

export const SITE = "faults.example.com";

const EMPTY_MAPPING: ItemMapping = {
  wix_product_id: null,
  wix_variant_id: null,
  catalog_version: null,
  content_hash: null,
  wix_revision: null,
};

/** Item.modified for revision `revision` of an item, so later revisions compare greater as strings. */
export function itemVersion(revision: number): string {
  const seconds = String(revision % 60).padStart(2, "0");
  const minutes = String(Math.floor(revision / 60) % 60).padStart(2, "0");
  return `2026-12-04 10:${minutes}:${seconds}.${String(revision).padStart(6, "0")}`;
}

export function itemCode(index: number): string {
  return `FLT-${String(index).padStart(5, "0")}`;
}

/** Build one ERPNext Item at a revision; its name and price change with the revision. */
export function makeItem(index: number, revision: number): ErpItem {
  return {
    item_code: itemCode(index),
    item_name: `Fault test item ${index} rev ${revision}`,
    item_version: itemVersion(revision),
    description: `<p>Item ${index}, revision ${revision}.</p>`,
    brand: "Faultline",
    item_group: "Fault Tests",
    disabled: false,
    is_sales_item: true,
    price: {
      amount: `${10 + (index % 90)}.${String(revision % 100).padStart(2, "0")}`,
      currency: "USD",
      source: "price_list",
      price_list: "Standard Selling",
    },
    images: [],
    weight: null,
    barcode: null,
  };
}

/** Mapping Frappe would attach: the one from the item's latest successful result, if any. */
export function mappingFrom(result: SyncResult | undefined): ItemMapping {
  if (!result || result.status !== "Success" || !result.wix.product_id) return EMPTY_MAPPING;
  const wix = result.wix as SyncResult["wix"] & {
    variant_id: string | null;
    revision: string | null;
  };
  return {
    wix_product_id: wix.product_id,
    wix_variant_id: wix.variant_id ?? null,
    catalog_version: (wix.catalog_version as ItemMapping["catalog_version"]) ?? null,
    content_hash: wix.content_hash,
    wix_revision: wix.revision ?? null,
  };
}

export function upsertEvent(item: ErpItem, mapping: ItemMapping = EMPTY_MAPPING): ItemUpsertEvent {
  return {
    schema_version: 1,
    type: "item.upsert",
    event_id: randomUUID(),
    occurred_at: new Date().toISOString(),
    site: SITE,
    trigger: "bulk",
    item,
    mapping,
  };
}
