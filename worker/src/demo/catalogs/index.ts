import { readFile } from "node:fs/promises";
import path from "node:path";

import { decodeText, readCsv, type CsvTable } from "./csv-table.js";
import { convertErpnextCsv, convertErpnextJson, isErpnextCsv } from "./erpnext.js";
import { frappeTimestamp } from "./fields.js";
import { convertShopifyApi, isShopifyProduct } from "./shopify-api.js";
import { convertShopifyCsv, SHOPIFY_CSV_COLUMNS } from "./shopify-csv.js";
import type { CatalogConversion, ConversionOptions } from "./types.js";
import { convertWixStores, WIX_STORES_COLUMNS } from "./wix-stores.js";
import { convertWooCommerce, WOOCOMMERCE_COLUMNS } from "./woocommerce.js";

export type * from "./types.js";

/** The formats a CSV header is matched against, in order, with the columns that identify each. */
const CSV_FORMATS: {
  name: string;
  columns: string[];
  matches(table: CsvTable): boolean;
  convert: typeof convertWixStores;
}[] = [
  {
    name: "Wix Stores catalog_products.csv",
    columns: WIX_STORES_COLUMNS,
    matches: (table) => WIX_STORES_COLUMNS.every((column) => table.has(column)),
    convert: convertWixStores,
  },
  {
    name: "Shopify products_export.csv",
    columns: SHOPIFY_CSV_COLUMNS,
    matches: (table) => SHOPIFY_CSV_COLUMNS.every((column) => table.has(column)),
    convert: convertShopifyCsv,
  },
  {
    name: "WooCommerce product export",
    columns: WOOCOMMERCE_COLUMNS,
    matches: (table) => WOOCOMMERCE_COLUMNS.every((column) => table.has(column)),
    convert: convertWooCommerce,
  },
  {
    name: "ERPNext Item CSV",
    columns: ["item_code", "item_name"],
    matches: isErpnextCsv,
    convert: convertErpnextCsv,
  },
];

export function defaultConversionOptions(now = new Date()): ConversionOptions {
  return {
    itemVersion: frappeTimestamp(now),
    currency: null,
    priceList: "Standard Selling",
    wixWeightUom: "Kg",
  };
}

/** Reads an export file and converts it; the format is detected from its content, not its name. */
export async function convertCatalogFile(
  file: string,
  options: ConversionOptions = defaultConversionOptions(),
): Promise<CatalogConversion> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT")
      throw new Error(`${file} does not exist; check the path`, { cause: error });
    throw new Error(`cannot read ${file}: ${(error as Error).message}`, { cause: error });
  }
  return convertCatalog(decodeText(bytes, path.basename(file)), path.basename(file), options);
}

/** Converts export text: JSON when it starts with "[" or "{", otherwise CSV with a header row. */
export function convertCatalog(
  source: string,
  fileName: string,
  options: ConversionOptions = defaultConversionOptions(),
): CatalogConversion {
  const body = source.replace(/^\uFEFF/, "");
  if (/^\s*[[{]/.test(body)) return convertJson(body, fileName, options);

  const table = readCsv(body, fileName);
  const format = CSV_FORMATS.find((candidate) => candidate.matches(table));
  if (format === undefined) {
    const expected = CSV_FORMATS.map(
      (candidate) => `${candidate.name} (${candidate.columns.join(", ")})`,
    );
    throw new Error(
      `${fileName}: unknown export format. Its header starts with ${JSON.stringify(table.headers.slice(0, 6))}; ` +
        `expected the columns of one of: ${expected.join("; ")}.`,
    );
  }
  return format.convert(table, options);
}

function convertJson(
  body: string,
  fileName: string,
  options: ConversionOptions,
): CatalogConversion {
  let document: unknown;
  try {
    document = JSON.parse(body);
  } catch (error) {
    throw new Error(`${fileName} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  const record = document as Record<string, unknown>;
  if (Array.isArray(record?.products)) return convertShopifyApi(record.products, options);
  if (isShopifyProduct(record?.product)) return convertShopifyApi([record.product], options);
  if (isShopifyProduct(document)) return convertShopifyApi([document], options);

  const documents = Array.isArray(document)
    ? document
    : Array.isArray(record?.data)
      ? record.data
      : null;
  if (documents !== null) {
    if (documents.length > 0 && documents.every(isShopifyProduct))
      return convertShopifyApi(documents, options);
    return convertErpnextJson(documents, options);
  }
  throw new Error(
    `${fileName}: unknown JSON export. Expected a list of ERPNext Item documents, {"data": [...]} from ` +
      `/api/resource/Item, or Shopify products ({"products": [...]}, {"product": {...}} or one product).`,
  );
}
