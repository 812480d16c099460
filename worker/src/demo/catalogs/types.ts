/** Price of an Item as the item-upsert contract carries it: a decimal string, never a float. */
export interface ItemPrice {
  amount: string;
  currency: string | null;
  source: "price_list" | "standard_rate";
  price_list: string | null;
}

/** The `item` object of an item-upsert event: an ERPNext Item as the publisher sends it. */
export interface ItemSnapshot {
  item_code: string;
  item_name: string;
  item_version: string;
  description: string | null;
  brand: string | null;
  item_group: string | null;
  disabled: boolean;
  is_sales_item: boolean;
  price: ItemPrice | null;
  images: string[];
  weight: { value: number; uom: string } | null;
  barcode: string | null;
}

export type CatalogFormat =
  | "wix-stores-csv"
  | "shopify-csv"
  | "shopify-api-json"
  | "woocommerce-csv"
  | "erpnext-csv"
  | "erpnext-json";

/** Where an item or a skipped row came from, in the terms a spreadsheet user sees ("row 12"). */
export interface SourceRef {
  /** Spreadsheet row number (the header is row 1), or the 1-based index in a JSON list. */
  row: number;
  /** The source's own id for the record: a handle, an SKU or an ERPNext name. */
  key: string;
}

export interface ConvertedItem {
  item: ItemSnapshot;
  source: SourceRef;
}

export interface SkippedRecord {
  source: SourceRef;
  reason: string;
}

export interface ConversionNote {
  source: SourceRef;
  message: string;
}

export interface CatalogConversion {
  format: CatalogFormat;
  /** Records read from the file (CSV data rows or JSON objects). */
  records: number;
  items: ConvertedItem[];
  skipped: SkippedRecord[];
  /** Changes made to fit the input into an Item, such as a renamed duplicate SKU. */
  notes: ConversionNote[];
}

/** Settings that an export file does not carry, so the caller chooses them. */
export interface ConversionOptions {
  /** Item.modified given to every converted Item, in Frappe's "YYYY-MM-DD HH:MM:SS.ffffff" form. */
  itemVersion: string;
  /** ISO 4217 code for prices; shop exports name no currency, so null unless set. */
  currency: string | null;
  /** Selling price list the prices are taken to come from. */
  priceList: string;
  /** Unit of the Wix export's weight column, which follows the site's setting and is not in the file. */
  wixWeightUom: "Kg" | "Pound";
}
