import type { DecimalParse } from "./fields.js";
import { ItemCodeRegistry } from "./item-codes.js";
import type {
  CatalogConversion,
  CatalogFormat,
  ConversionNote,
  ConversionOptions,
  ConvertedItem,
  ItemPrice,
  SkippedRecord,
  SourceRef,
} from "./types.js";

const MAX_IMAGES = 100;
const MAX_IMAGE_URL_LENGTH = 2048;

/** What a converter reads from one record, before item codes are made unique and prices checked. */
export interface ItemDraft {
  code: string;
  name: string | null;
  description: string | null;
  brand: string | null;
  itemGroup: string | null;
  disabled: boolean;
  isSalesItem: boolean;
  price: DecimalParse;
  /** Where the price comes from in ERPNext terms; shop exports hold a selling price list rate. */
  priceSource?: ItemPrice["source"];
  /** Overrides the catalog-wide currency and price list when the record names its own. */
  currency?: string | null;
  priceList?: string | null;
  /** Item.modified when the record carries it; otherwise the catalog's item version is used. */
  itemVersion?: string;
  images: string[];
  weight: { value: number; uom: string } | null;
  barcode: string | null;
}

/** Collects one catalog's items, skipped records and notes while a converter walks the file. */
export class CatalogBuilder {
  readonly #items: ConvertedItem[] = [];
  readonly #skipped: SkippedRecord[] = [];
  readonly #notes: ConversionNote[] = [];
  readonly #codes = new ItemCodeRegistry(this.#notes);

  constructor(
    private readonly format: CatalogFormat,
    private readonly options: ConversionOptions,
  ) {}

  skip(source: SourceRef, reason: string): void {
    this.#skipped.push({ source, reason });
  }

  note(source: SourceRef, message: string): void {
    this.#notes.push({ source, message });
  }

  /** Adds an Item, or skips the record with the reason when its price cannot be read. */
  add(source: SourceRef, draft: ItemDraft): void {
    if (draft.price !== null && !draft.price.ok) {
      this.skip(source, draft.price.reason);
      return;
    }
    const itemCode = this.#codes.claim(draft.code, source);
    const priceSource = draft.priceSource ?? "price_list";
    this.#items.push({
      source,
      item: {
        item_code: itemCode,
        // ERPNext fills an empty item_name with the item_code.
        item_name: draft.name ?? itemCode,
        item_version: draft.itemVersion ?? this.options.itemVersion,
        description: draft.description,
        brand: draft.brand,
        item_group: draft.itemGroup,
        disabled: draft.disabled,
        is_sales_item: draft.isSalesItem,
        price:
          draft.price === null
            ? null
            : {
                amount: draft.price.amount,
                currency: draft.currency ?? this.options.currency,
                source: priceSource,
                price_list:
                  priceSource === "price_list" ? (draft.priceList ?? this.options.priceList) : null,
              },
        images: this.#images(source, draft.images),
        weight: draft.weight,
        barcode: draft.barcode,
      },
    });
  }

  /** Keeps the contract's limits on images: at most 100 URLs of at most 2048 characters, no repeats. */
  #images(source: SourceRef, urls: string[]): string[] {
    const unique = [...new Set(urls)];
    const fitting = unique.filter((url) => url.length <= MAX_IMAGE_URL_LENGTH);
    if (fitting.length < unique.length) {
      this.note(
        source,
        `${unique.length - fitting.length} image URL(s) longer than 2048 characters were left out`,
      );
    }
    if (fitting.length > MAX_IMAGES) {
      this.note(source, `${fitting.length} images found; only the first ${MAX_IMAGES} are sent`);
    }
    return fitting.slice(0, MAX_IMAGES);
  }

  result(records: number): CatalogConversion {
    return {
      format: this.format,
      records,
      items: this.#items,
      skipped: this.#skipped,
      notes: this.#notes,
    };
  }
}
