import { CatalogBuilder } from "./builder.js";
import type { CsvTable } from "./csv-table.js";
import {
  cleanCode,
  decimal,
  derivedCode,
  flag,
  list,
  singleLine,
  text,
  weightValue,
} from "./fields.js";
import type { CatalogConversion, ConversionOptions } from "./types.js";

/** Columns that identify a Wix Stores catalog_products.csv export. */
export const WIX_STORES_COLUMNS = ["handleId", "fieldType", "name"];

/** Wix exports media as file names in its media manager; this is the public URL they are served from. */
const WIX_MEDIA_BASE_URL = "https://static.wixstatic.com/media/";

/**
 * Converts a Wix Stores catalog_products.csv export. Each "Product" row becomes one Item, synced with
 * its own price. "Variant" rows (one per option combination) are skipped with a reason, because the
 * item sync does not send product options and variants yet. The export has no currency and states
 * weight in the site's unit, so both come from options.
 */
export function convertWixStores(table: CsvTable, options: ConversionOptions): CatalogConversion {
  const catalog = new CatalogBuilder("wix-stores-csv", options);
  const surcharges = highestSurcharges(table);
  for (const row of table.rows) {
    const handle = text(row.get("handleId")) ?? `row-${row.row}`;
    const source = { row: row.row, key: handle };
    const fieldType = text(row.get("fieldType"));

    if (fieldType?.toLowerCase() === "variant") {
      catalog.skip(source, "variant row: product options and variants are not synced yet");
      continue;
    }
    if (fieldType?.toLowerCase() !== "product") {
      catalog.skip(source, `unknown fieldType "${fieldType ?? ""}"; expected Product or Variant`);
      continue;
    }

    const sku = cleanCode(row.get("sku"));
    if (sku.note) catalog.note(source, sku.note);
    const weight = weightValue(row.get("weight"));
    const price = decimal(row.get("price"));
    const surcharge = surcharges.get(handle);
    if (price?.ok && Number(price.amount) === 0 && surcharge !== undefined) {
      catalog.note(
        source,
        `price is 0 and its variants add surcharges of up to ${surcharge}; variants are not synced, so Wix shows 0`,
      );
    }
    catalog.add(source, {
      // Wix names handles "product_<uuid>"; the uuid alone is unique and fits the 40-character SKU limit.
      code: sku.code ?? derivedCode(handle.replace(/^product_/, "")),
      name: singleLine(row.get("name")),
      description: text(row.get("description")),
      brand: singleLine(row.get("brand")),
      itemGroup: list(row.get("collection"), ";")[0] ?? null,
      // A product hidden in the Wix store is the closest match to a disabled Item, which the worker hides.
      disabled: flag(row.get("visible")) === false,
      isSalesItem: true,
      price,
      images: list(row.get("productImageUrl"), ";").map(wixMediaUrl),
      weight: weight === null ? null : { value: weight, uom: options.wixWeightUom },
      barcode: null,
    });
  }
  return catalog.result(table.rows.length);
}

/** Highest positive variant surcharge per handle, for products whose variants carry the price. */
function highestSurcharges(table: CsvTable): Map<string, string> {
  const highest = new Map<string, string>();
  for (const row of table.rows) {
    if (text(row.get("fieldType"))?.toLowerCase() !== "variant") continue;
    const handle = text(row.get("handleId"));
    const surcharge = decimal(row.get("surcharge"));
    if (handle === null || !surcharge?.ok || Number(surcharge.amount) <= 0) continue;
    const current = highest.get(handle);
    if (current === undefined || Number(surcharge.amount) > Number(current))
      highest.set(handle, surcharge.amount);
  }
  return highest;
}

function wixMediaUrl(file: string): string {
  return /^https?:\/\//i.test(file) ? file : `${WIX_MEDIA_BASE_URL}${encodeURI(file)}`;
}
