import { CatalogBuilder } from "./builder.js";
import type { CsvTable } from "./csv-table.js";
import {
  cleanCode,
  decimal,
  flag,
  singleLine,
  text,
  weightUom,
  weightValue,
  type DecimalParse,
} from "./fields.js";
import type { CatalogConversion, ConversionOptions, ItemPrice, SourceRef } from "./types.js";

/** Item.modified as Frappe writes it; only such a value is used as item_version. */
const FRAPPE_DATETIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?$/;

/**
 * Item fields by fieldname, with the column labels that ERPNext's Data Export and report view use,
 * so a CSV with either kind of header converts.
 */
const COLUMN_ALIASES: Record<string, string[]> = {
  item_code: ["item_code", "Item Code", "name", "ID"],
  item_name: ["item_name", "Item Name"],
  item_group: ["item_group", "Item Group"],
  brand: ["brand", "Brand"],
  description: ["description", "Description"],
  disabled: ["disabled", "Disabled"],
  is_sales_item: ["is_sales_item", "Is Sales Item"],
  has_variants: ["has_variants", "Has Variants"],
  variant_of: ["variant_of", "Variant Of"],
  standard_rate: ["standard_rate", "Standard Selling Rate"],
  price_list_rate: ["price_list_rate", "Price List Rate"],
  price_list: ["price_list", "Price List"],
  currency: ["currency", "Currency"],
  image: ["image", "Image"],
  weight_per_unit: ["weight_per_unit", "Weight Per Unit"],
  weight_uom: ["weight_uom", "Weight UOM"],
  barcode: ["barcode", "Barcode", "Barcode (Barcodes)"],
  modified: ["modified", "Last Updated On"],
};

/** Columns that identify an ERPNext Item CSV: an item code column and an item name column. */
export function isErpnextCsv(table: CsvTable): boolean {
  return (
    COLUMN_ALIASES.item_code!.slice(0, 2).some((column) => table.has(column)) &&
    COLUMN_ALIASES.item_name!.some((column) => table.has(column))
  );
}

/** One Item read by fieldname, whether it came from a JSON document or a CSV row. */
type ItemRecord = (fieldname: string) => unknown;

/**
 * Converts an ERPNext Item CSV, one Item per row. A price_list_rate column is an Item Price of the
 * named (or configured) price list; a standard_rate column is the Item's Standard Selling Rate.
 */
export function convertErpnextCsv(table: CsvTable, options: ConversionOptions): CatalogConversion {
  const catalog = new CatalogBuilder("erpnext-csv", options);
  for (const row of table.rows) {
    const read: ItemRecord = (fieldname) => {
      const column = COLUMN_ALIASES[fieldname]?.find((alias) => table.has(alias));
      return column === undefined ? undefined : row.get(column);
    };
    addItem(catalog, row.row, read);
  }
  return catalog.result(table.rows.length);
}

/**
 * Converts ERPNext Item documents: a JSON list as in test_records.json or `bench export-fixtures`, or
 * the `{"data": [...]}` body of GET /api/resource/Item. Documents of another doctype are skipped.
 */
export function convertErpnextJson(
  documents: unknown[],
  options: ConversionOptions,
): CatalogConversion {
  const catalog = new CatalogBuilder("erpnext-json", options);
  documents.forEach((document, index) => {
    const row = index + 1;
    if (typeof document !== "object" || document === null || Array.isArray(document)) {
      catalog.skip({ row, key: `#${row}` }, "entry is not a JSON object");
      return;
    }
    const doc = document as Record<string, unknown>;
    if (doc.doctype !== undefined && doc.doctype !== "Item") {
      catalog.skip(
        { row, key: String(doc.name ?? `#${row}`) },
        `document is a ${String(doc.doctype)}, not an Item`,
      );
      return;
    }
    addItem(catalog, row, (fieldname) => {
      if (fieldname === "barcode") return firstBarcode(doc.barcodes) ?? doc.barcode;
      return doc[fieldname];
    });
  });
  return catalog.result(documents.length);
}

function addItem(catalog: CatalogBuilder, row: number, read: ItemRecord): void {
  const code = cleanCode(cell(read("item_code")));
  const source: SourceRef = { row, key: code.code ?? `row-${row}` };
  if (code.code === null) {
    catalog.skip(source, "item_code is empty");
    return;
  }
  if (code.note) catalog.note(source, code.note);
  const variantOf = text(cell(read("variant_of")));
  if (variantOf !== null) {
    catalog.skip(
      source,
      `variant of ${variantOf}: product options and variants are not synced yet`,
    );
    return;
  }

  const price = itemPrice(read);
  const weight = weightValue(numberOrCell(read("weight_per_unit")));
  const uom = text(cell(read("weight_uom")));
  if (weight !== null && uom === null) {
    catalog.note(source, `weight_per_unit ${weight} has no weight_uom, so the weight is left out`);
  }
  const modified = text(cell(read("modified")));
  const image = text(cell(read("image")));

  catalog.add(source, {
    code: code.code,
    name: singleLine(cell(read("item_name"))),
    description: text(cell(read("description"))),
    brand: singleLine(cell(read("brand"))),
    itemGroup: singleLine(cell(read("item_group"))),
    disabled: flag(cell(read("disabled"))) === true,
    // is_sales_item defaults to 1 on an ERPNext Item.
    isSalesItem: flag(cell(read("is_sales_item"))) !== false,
    price: price.amount,
    priceSource: price.source,
    currency: text(cell(read("currency"))),
    priceList: text(cell(read("price_list"))),
    itemVersion: modified !== null && FRAPPE_DATETIME.test(modified) ? modified : undefined,
    images: image === null ? [] : [image],
    weight: weight === null || uom === null ? null : { value: weight, uom: weightUom(uom) },
    barcode: text(cell(read("barcode"))),
  });
}

/** Reads the price from an Item Price rate column, or else from the Item's Standard Selling Rate. */
function itemPrice(read: ItemRecord): { amount: DecimalParse; source: ItemPrice["source"] } {
  const listRate = decimal(numberOrCell(read("price_list_rate")));
  if (listRate !== null) return { amount: listRate, source: "price_list" };
  const standardRate = decimal(numberOrCell(read("standard_rate")));
  // standard_rate defaults to 0 and ERPNext creates no Item Price for 0, so a zero rate means no price.
  if (standardRate?.ok && standardRate.amount === "0")
    return { amount: null, source: "standard_rate" };
  return { amount: standardRate, source: "standard_rate" };
}

function numberOrCell(value: unknown): number | string | null {
  return typeof value === "number" ? value : cell(value);
}

/** Reads a JSON value or CSV cell as text; JSON numbers and booleans keep their literal form. */
function cell(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return null;
}

function firstBarcode(barcodes: unknown): string | undefined {
  if (!Array.isArray(barcodes)) return undefined;
  for (const entry of barcodes) {
    const barcode = (entry as { barcode?: unknown } | null)?.barcode;
    if (typeof barcode === "string" && barcode.trim() !== "") return barcode.trim();
  }
  return undefined;
}
