import { createHash } from "node:crypto";

import type { CatalogVersion, ErpItem, SyncFields, WorkerConfig } from "../contract/index.js";
import type { V1Product, V3Product } from "../wix/types.js";
import { partitionImages } from "./images.js";
import { sanitizeDescription } from "./sanitize.js";
import { convertWeight, KNOWN_WEIGHT_UOMS } from "./weight.js";
import { V1_MEDIA_MAX, V3_MEDIA_MAX, type PayloadViolation } from "./wix-schemas.js";

/** The Wix default variant id of a product without managed variants. */
export const DEFAULT_VARIANT_ID = "00000000-0000-0000-0000-000000000000";

/** An ERPNext Item in Wix terms, before it is shaped for one catalog version. */
export interface ProductFields {
  name: string;
  sku: string;
  description: string | null;
  brand: string | null;
  /** Decimal string, or null when the item has no price. */
  price: string | null;
  images: string[];
  /** In the site's weight unit. */
  weight: number | null;
  barcode: string | null;
  visible: boolean;
}

export interface MappedItem {
  fields: ProductFields;
  /** Things the user should know that did not stop the sync, e.g. an image that was left out. */
  notes: string[];
  /** Problems found while mapping that make the item impossible to sync as it is. */
  violations: PayloadViolation[];
}

type MappingConfig = Pick<WorkerConfig, "weight_unit" | "on_disable">;

/** Normalises text to NFC so combining marks compose where Unicode has a composed form. */
function text(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const trimmed = value.normalize("NFC").trim();
  return trimmed === "" ? null : trimmed;
}

/** Maps an ERPNext Item to Wix product fields for one catalog version. */
export function mapItem(item: ErpItem, config: MappingConfig, catalog: CatalogVersion): MappedItem {
  const notes: string[] = [];
  const violations: PayloadViolation[] = [];

  let description: string | null = null;
  if (item.description) {
    const sanitized = sanitizeDescription(item.description.normalize("NFC"));
    description = sanitized.html || null;
    if (sanitized.changed) notes.push("Removed unsafe or unsupported HTML from the description.");
  }

  let price: string | null = null;
  if (item.price) {
    price = normaliseDecimal(item.price.amount);
    if (price.startsWith("-")) {
      violations.push({
        field: "price",
        detail: `price must be 0 or more (got ${item.price.amount})`,
        message: `Price is ${item.price.amount}; Wix needs a price of 0 or more. Fix the item's selling price.`,
      });
    }
  }

  let weight: number | null = null;
  if (item.weight) {
    const converted = convertWeight(item.weight.value, item.weight.uom, config.weight_unit);
    if (converted === null) {
      violations.push({
        field: "weight",
        detail: `weight unit ${item.weight.uom} cannot be converted to ${config.weight_unit}`,
        message:
          `Weight unit "${item.weight.uom}" cannot be converted to ${config.weight_unit}. ` +
          `Set the item's Weight UOM to one of: ${KNOWN_WEIGHT_UOMS.slice(0, 12).join(", ")}.`,
      });
    } else if (converted < 0) {
      violations.push({
        field: "weight",
        detail: `weight must be 0 or more (got ${item.weight.value})`,
        message: `Weight is ${item.weight.value} ${item.weight.uom}; Wix needs 0 or more. Fix the item's weight.`,
      });
    } else {
      weight = converted;
    }
  }

  const images = partitionImages(item.images, catalog === "V3" ? V3_MEDIA_MAX : V1_MEDIA_MAX);
  for (const rejected of images.rejected)
    notes.push(`Left out image ${rejected.url}: it ${rejected.reason}.`);

  const hidden = config.on_disable === "hide" && (item.disabled || !item.is_sales_item);
  return {
    fields: {
      name: item.item_name.normalize("NFC").trim(),
      sku: item.item_code,
      description,
      brand: text(item.brand),
      price,
      images: images.accepted,
      weight,
      barcode: text(item.barcode),
      visible: !hidden,
    },
    notes,
    violations,
  };
}

/** Strips redundant zeros so "14.500" and "14.5" hash and compare alike. */
function normaliseDecimal(amount: string): string {
  if (!amount.includes(".")) return amount.replace(/^(-?)0+(?=\d)/, "$1");
  return amount.replace(/^(-?)0+(?=\d)/, "$1").replace(/\.?0+$/, "");
}

export type PayloadMode = "create" | "update";

/**
 * Builds a V1 product. On update, fields whose sync toggle is off are left out, so Wix keeps what
 * was edited there. A create always sends every field, so the new product is complete.
 */
export function buildV1Product(
  fields: ProductFields,
  sync: SyncFields,
  mode: PayloadMode,
): V1Product {
  const include = (field: keyof SyncFields) => mode === "create" || sync[field];
  const product: V1Product = { visible: fields.visible };
  if (mode === "create") product.productType = "physical";
  if (include("name")) product.name = fields.name;
  product.sku = fields.sku;
  if (include("description")) product.description = fields.description ?? "";
  if (include("brand") && fields.brand) product.brand = fields.brand;
  if (include("price") && fields.price !== null)
    product.priceData = { price: Number(fields.price) };
  if (include("weight") && fields.weight !== null) product.weight = fields.weight;
  return product;
}

export interface V3Identity {
  id?: string | null;
  revision?: string | null;
  variantId?: string | null;
}

/**
 * Builds a V3 product with one default variant carrying price, SKU, barcode and weight. Wix replaces
 * `variantsInfo.variants` whole, so on update the variant is sent only when price sync is on and a
 * price is known. NOTE: with price sync off, barcode and weight are not updated either.
 */
export function buildV3Product(
  fields: ProductFields,
  sync: SyncFields,
  mode: PayloadMode,
  identity: V3Identity = {},
): V3Product {
  const include = (field: keyof SyncFields) => mode === "create" || sync[field];
  const product: V3Product = { visible: fields.visible };
  if (identity.id) product.id = identity.id;
  if (identity.revision) product.revision = identity.revision;
  if (mode === "create") {
    product.productType = "PHYSICAL";
    product.physicalProperties = {};
  }
  if (include("name")) product.name = fields.name;
  if (include("description")) product.plainDescription = fields.description ?? "";
  if (include("brand") && fields.brand) product.brand = { name: fields.brand };
  if (include("images") && fields.images.length) {
    product.media = { itemsInfo: { items: fields.images.map((url) => ({ url })) } };
  }
  if (include("price") && fields.price !== null) {
    const variant: NonNullable<NonNullable<V3Product["variantsInfo"]>["variants"]>[number] = {
      choices: [],
      sku: fields.sku,
      visible: true,
      price: { actualPrice: { amount: fields.price } },
    };
    if (identity.variantId) variant.id = identity.variantId;
    if (include("barcode") && fields.barcode) variant.barcode = fields.barcode;
    if (include("weight") && fields.weight !== null)
      variant.physicalProperties = { weight: fields.weight };
    product.variantsInfo = { variants: [variant] };
  }
  return product;
}

/** Returns sha256 of a canonical JSON form (keys sorted) of a value: the content hash of a payload. */
export function contentHash(value: unknown): string {
  return createHash("sha256").update(canonicalJson(value)).digest("hex");
}

function compareKeys(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, entry]) => entry !== undefined)
      .sort(([a], [b]) => compareKeys(a, b));
    return `{${entries.map(([key, entry]) => `${JSON.stringify(key)}:${canonicalJson(entry)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/**
 * The content hash of an item for one catalog version: the update payload without ids and revision,
 * plus the images (V1 sends them in separate calls).
 */
export function itemContentHash(
  catalog: CatalogVersion,
  fields: ProductFields,
  sync: SyncFields,
): string {
  const payload =
    catalog === "V1"
      ? {
          product: buildV1Product(fields, sync, "update"),
          images: sync.images ? fields.images : null,
        }
      : { product: buildV3Product(fields, sync, "update") };
  return contentHash({ catalog, ...payload });
}
