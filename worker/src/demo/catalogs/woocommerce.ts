import { CatalogBuilder } from "./builder.js";
import type { CsvRow, CsvTable } from "./csv-table.js";
import {
  cleanCode,
  decimal,
  derivedCode,
  list,
  singleLine,
  text,
  weightUom,
  weightValue,
  type DecimalParse,
} from "./fields.js";
import type { CatalogConversion, ConversionOptions } from "./types.js";

/** Columns that identify a WooCommerce product CSV export. */
export const WOOCOMMERCE_COLUMNS = ["Type", "SKU", "Name", "Regular price"];

const VARIANT_REASON = "variation row: product options and variants are not synced yet";

/**
 * Converts a WooCommerce product CSV (Products › Export). Simple and external products become Items
 * priced at their regular price; a sale price is a promotion, not the price list rate. A variable
 * product becomes a template Item priced at its lowest variation price, because its own price cell is
 * empty, and its variation rows are skipped with a reason. A grouped product is a shelf of other
 * products with no price of its own, so it is skipped and its children are synced on their own rows.
 */
export function convertWooCommerce(table: CsvTable, options: ConversionOptions): CatalogConversion {
  const catalog = new CatalogBuilder("woocommerce-csv", options);
  const variationPrices = lowestVariationPrices(table.rows);
  const weightColumn = table.find(/^weight\s*\(/i);
  const unit = weightColumn ? /\(([^)]+)\)/.exec(weightColumn)?.[1] : undefined;

  for (const row of table.rows) {
    const id = text(row.get("ID"));
    const sku = cleanCode(row.get("SKU"));
    const source = { row: row.row, key: sku.code ?? (id ? `id:${id}` : `row-${row.row}`) };
    const types = list(row.get("Type"), ",").map((type) => type.toLowerCase());

    if (types.includes("variation")) {
      catalog.skip(source, VARIANT_REASON);
      continue;
    }
    if (types.includes("grouped")) {
      catalog.skip(
        source,
        "grouped product: it has no price of its own and its products are listed separately",
      );
      continue;
    }
    if (!types.some((type) => ["simple", "variable", "external"].includes(type))) {
      catalog.skip(
        source,
        `unknown product Type "${row.get("Type")}"; expected simple, variable or external`,
      );
      continue;
    }
    if (sku.note) catalog.note(source, sku.note);

    const weight = weightValue(weightColumn ? row.get(weightColumn) : undefined);
    catalog.add(source, {
      code: sku.code ?? derivedCode(`woo-${id ?? row.row}`),
      name: singleLine(row.get("Name")),
      description: description(row),
      brand: list(row.get("Brands"), ",")[0] ?? null,
      itemGroup: firstCategory(row.get("Categories")),
      // Published is 1 for published, 0 for private and -1 for draft; "hidden" keeps a product out of
      // the catalog and search. Both are the closest match to a disabled Item, which the worker hides.
      disabled:
        text(row.get("Published")) !== "1" || text(row.get("Visibility in catalog")) === "hidden",
      isSalesItem: true,
      price: types.includes("variable")
        ? variablePrice(row, variationPrices)
        : decimal(row.get("Regular price")),
      images: list(row.get("Images"), /,\s+/),
      weight:
        weight === null || unit === undefined ? null : { value: weight, uom: weightUom(unit) },
      barcode: text(row.get("GTIN, UPC, EAN, or ISBN")),
    });
  }
  return catalog.result(table.rows.length);
}

/** WooCommerce writes line breaks in descriptions as a literal "\n", and its importer reads them back. */
function description(row: CsvRow): string | null {
  const body = text(row.get("Description")) ?? text(row.get("Short description"));
  return body === null ? null : body.replaceAll("\\n", "\n");
}

/** "Clothing > Tshirts, Decor" names the deepest group of the first category path: "Tshirts". */
function firstCategory(cell: string): string | null {
  const first = list(cell, ",")[0];
  return first === undefined ? null : singleLine(first.split(">").pop());
}

/** Lowest regular price per parent, keyed by both the parent's SKU and its "id:N" reference. */
function lowestVariationPrices(rows: CsvRow[]): Map<string, string> {
  const lowest = new Map<string, string>();
  for (const row of rows) {
    const parent = text(row.get("Parent"));
    const price = decimal(row.get("Regular price"));
    if (parent === null || price === null || !price.ok) continue;
    const current = lowest.get(parent);
    if (current === undefined || Number(price.amount) < Number(current))
      lowest.set(parent, price.amount);
  }
  return lowest;
}

function variablePrice(row: CsvRow, variationPrices: Map<string, string>): DecimalParse {
  const own = decimal(row.get("Regular price"));
  if (own !== null) return own;
  // Variations name their parent by SKU or by "id:<ID>", and one export may use both forms.
  const id = text(row.get("ID"));
  const candidates = [text(row.get("SKU")), id === null ? null : `id:${id}`]
    .map((key) => (key === null ? undefined : variationPrices.get(key)))
    .filter((price) => price !== undefined);
  if (candidates.length === 0) return null;
  const lowest = candidates.reduce((min, price) => (Number(price) < Number(min) ? price : min));
  return { ok: true, amount: lowest };
}
