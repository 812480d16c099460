import { CatalogBuilder } from "./builder.js";
import type { CsvRow, CsvTable } from "./csv-table.js";
import { cleanCode, decimal, derivedCode, flag, singleLine, text, weightValue } from "./fields.js";
import type { CatalogConversion, ConversionOptions } from "./types.js";

/** Columns that identify a Shopify products_export.csv. */
export const SHOPIFY_CSV_COLUMNS = ["Handle", "Title", "Variant Price"];

/**
 * Converts a Shopify products_export.csv. Rows sharing a Handle form one product: the first row contains
 * the product fields and its first variant, and later rows contain more variants and extra images. Each handle
 * becomes one Item priced from its first variant, as Shopify lists it. A product with one variant uses
 * that variant's SKU and barcode; a product with several is an ERPNext template, so its item code comes
 * from the handle and its other variant rows are skipped with a reason.
 */
export function convertShopifyCsv(table: CsvTable, options: ConversionOptions): CatalogConversion {
  const catalog = new CatalogBuilder("shopify-csv", options);
  for (const [handle, rows] of groupByHandle(table, catalog)) {
    const [first, ...rest] = rows;
    if (first === undefined) continue;
    const source = { row: first.row, key: handle };
    const variantRows = rest.filter(isVariantRow);
    for (const row of variantRows) {
      catalog.skip(
        { row: row.row, key: text(row.get("Variant SKU")) ?? handle },
        "variant row: product options and variants are not synced yet",
      );
    }

    const single = variantRows.length === 0;
    const sku = single ? cleanCode(first.get("Variant SKU")) : { code: null };
    if (sku.note) catalog.note(source, sku.note);
    const grams = weightValue(first.get("Variant Grams"));
    const status = text(first.get("Status"))?.toLowerCase();
    catalog.add(source, {
      code: sku.code ?? derivedCode(handle),
      name: singleLine(first.get("Title")),
      description: text(first.get("Body (HTML)")),
      brand: singleLine(first.get("Vendor")),
      itemGroup: singleLine(first.get("Type")) ?? lastCategory(first.get("Product Category")),
      disabled:
        flag(first.get("Published")) === false || status === "draft" || status === "archived",
      isSalesItem: true,
      price: decimal(first.get("Variant Price")),
      images: images(rows),
      // Shopify stores every variant weight in grams; "Variant Weight Unit" is only the display unit.
      weight: grams === null ? null : { value: grams, uom: "Gram" },
      barcode: single ? text(first.get("Variant Barcode")) : null,
    });
  }
  return catalog.result(table.rows.length);
}

/** Groups rows by Handle in file order; a row without a handle is skipped with a reason. */
function groupByHandle(table: CsvTable, catalog: CatalogBuilder): Map<string, CsvRow[]> {
  const groups = new Map<string, CsvRow[]>();
  for (const row of table.rows) {
    const handle = text(row.get("Handle"));
    if (handle === null) {
      catalog.skip({ row: row.row, key: `row-${row.row}` }, "row has no Handle");
      continue;
    }
    const group = groups.get(handle);
    if (group) group.push(row);
    else groups.set(handle, [row]);
  }
  return groups;
}

function isVariantRow(row: CsvRow): boolean {
  return ["Option1 Value", "Variant SKU", "Variant Price"].some(
    (column) => text(row.get(column)) !== null,
  );
}

/** Product images in Shopify's Image Position order (unnumbered ones last), then variant images. */
function images(rows: CsvRow[]): string[] {
  const positioned: { src: string; position: number }[] = [];
  for (const row of rows) {
    const src = text(row.get("Image Src"));
    if (src === null) continue;
    const position = Number(text(row.get("Image Position")) ?? Number.NaN);
    positioned.push({
      src,
      position: Number.isFinite(position) ? position : Number.POSITIVE_INFINITY,
    });
  }
  // Array.prototype.sort is stable, so images with the same position keep their file order.
  positioned.sort((a, b) => compareNumbers(a.position, b.position));
  const variantImages = rows
    .map((row) => text(row.get("Variant Image")))
    .filter((src) => src !== null);
  return [...positioned.map((image) => image.src), ...variantImages];
}

function compareNumbers(a: number, b: number): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

function lastCategory(path: string): string | null {
  return singleLine(path.split(">").pop());
}
