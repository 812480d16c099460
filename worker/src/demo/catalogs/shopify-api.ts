import { CatalogBuilder } from "./builder.js";
import { cleanCode, decimal, derivedCode, singleLine, text, weightValue } from "./fields.js";
import type { CatalogConversion, ConversionOptions } from "./types.js";

interface ShopifyVariant {
  sku?: string | null;
  price?: string | number | null;
  barcode?: string | null;
  grams?: number | null;
}

interface ShopifyProduct {
  id?: number | string;
  title?: string | null;
  handle?: string | null;
  body_html?: string | null;
  vendor?: string | null;
  product_type?: string | null;
  status?: string | null;
  published_at?: string | null;
  variants?: ShopifyVariant[];
  images?: { src?: string | null; position?: number | null }[];
}

/** True for a Shopify Admin REST product object: it has a title and a variants list. */
export function isShopifyProduct(value: unknown): value is ShopifyProduct {
  const product = value as ShopifyProduct | null;
  return (
    typeof product === "object" &&
    product !== null &&
    "title" in product &&
    Array.isArray(product.variants)
  );
}

/**
 * Converts Shopify Admin REST products (`{"products": [...]}`, `{"product": {...}}` or one product
 * object) with the same rules as the Shopify CSV: one Item per product priced from its first variant.
 * A product with several variants takes its item code from the handle and skips the other variants.
 */
export function convertShopifyApi(
  products: unknown[],
  options: ConversionOptions,
): CatalogConversion {
  const catalog = new CatalogBuilder("shopify-api-json", options);
  products.forEach((entry, index) => {
    const row = index + 1;
    if (!isShopifyProduct(entry)) {
      catalog.skip(
        { row, key: `#${row}` },
        "entry is not a Shopify product (no title and variants)",
      );
      return;
    }
    const handle =
      text(entry.handle) ?? (entry.id === undefined ? `shopify-${row}` : `shopify-${entry.id}`);
    const source = { row, key: handle };
    const variants = entry.variants ?? [];
    const [first, ...rest] = variants;
    for (const variant of rest) {
      catalog.skip(
        { row, key: text(variant.sku) ?? handle },
        "variant: product options and variants are not synced yet",
      );
    }

    const sku = rest.length === 0 ? cleanCode(first?.sku) : { code: null };
    if (sku.note) catalog.note(source, sku.note);
    const grams = weightValue(first?.grams);
    const images = [...(entry.images ?? [])]
      .sort(
        (a, b) => (a.position ?? Number.MAX_SAFE_INTEGER) - (b.position ?? Number.MAX_SAFE_INTEGER),
      )
      .map((image) => text(image.src))
      .filter((src) => src !== null);
    catalog.add(source, {
      code: sku.code ?? derivedCode(handle),
      name: singleLine(entry.title),
      description: text(entry.body_html),
      brand: singleLine(entry.vendor),
      itemGroup: singleLine(entry.product_type),
      disabled:
        (typeof entry.status === "string" && entry.status !== "active") ||
        entry.published_at === null,
      isSalesItem: true,
      price: decimal(first?.price),
      images,
      weight: grams === null ? null : { value: grams, uom: "Gram" },
      barcode: rest.length === 0 ? text(first?.barcode) : null,
    });
  });
  return catalog.result(products.length);
}
