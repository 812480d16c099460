import * as yup from "yup";

import type { V1Product, V3Product } from "../wix/types.js";

// yup schemas for the Wix payloads the worker sends, with the limits from the `@maxLength` and `@max`
// tags of @wix/auto_sdk_stores_products 1.0.108 (V1) and …_products-v-3 1.0.226 (V3). Each message
// names the ERPNext field, the limit and the value's length in UTF-16 code units, as Wix counts.

export const MAX_AMOUNT = 999_999_999.99;
export const V1_DESCRIPTION_MAX = 8000;
export const V3_PLAIN_DESCRIPTION_MAX = 16000;
export const NAME_MAX = 80;
export const SKU_MAX = 40;
export const BRAND_MAX = 50;
export const BARCODE_MAX = 40;
/** Wix's reference gives 15 media items for a V3 product; V1's add-media call takes 1–50. */
export const V3_MEDIA_MAX = 15;
export const V1_MEDIA_MAX = 50;

/** One rule a payload broke, in the words the Item form shows. */
export interface PayloadViolation {
  /** ERPNext-facing field name: name, sku, description, brand, price, weight or barcode. */
  field: string;
  /** Technical form, e.g. "name must be at most 80 characters (got 95)". */
  detail: string;
  /** Sentence for the user, naming the limit, the length and the fix. */
  message: string;
}

interface RuleParams {
  field: string;
  detail: string;
}

function chars(label: string, field: string, min: number, max: number, fix: string) {
  return yup.string().test({
    name: "length",
    params: { field },
    message: ({ value }: { value: string }) =>
      value.length < min
        ? `${label} is empty; Wix needs at least ${min} character${min === 1 ? "" : "s"}. ${fix}`
        : `${label} is ${value.length} characters; Wix allows at most ${max}. ${fix}`,
    test(value) {
      if (value === undefined || value === null) return true;
      if (value.length >= min && value.length <= max) return true;
      const detail =
        value.length < min
          ? `${field} must be at least ${min} characters (got ${value.length})`
          : `${field} must be at most ${max} characters (got ${value.length})`;
      return this.createError({ params: { field, detail } satisfies RuleParams });
    },
  });
}

/** Decimal places of a V3 amount: `@decimalValue options { maxScale:3 }` in the V3 SDK typings. */
export const V3_AMOUNT_MAX_SCALE = 3;

function decimals(value: number | string): number {
  const match = /\.(\d+)$/.exec(String(value).trim());
  return match ? match[1]!.length : 0;
}

function amount(label: string, field: string, fix: string, maxScale: number | null = null) {
  const overScale = (value: number | string) => maxScale !== null && decimals(value) > maxScale;
  return yup.mixed<number | string>().test({
    name: "amount",
    params: { field },
    message: ({ value }: { value: number | string }) =>
      Number(value) < 0
        ? `${label} is ${value}; Wix needs a price of 0 or more. ${fix}`
        : overScale(value)
          ? `${label} is ${value}, with ${decimals(value)} decimal places; Wix takes at most ${maxScale} decimal places. Round it to ${maxScale} decimals in ERPNext.`
          : `${label} is ${value}; Wix allows at most ${MAX_AMOUNT}. ${fix}`,
    test(value) {
      if (value === undefined || value === null) return true;
      const number = Number(value);
      const inRange = Number.isFinite(number) && number >= 0 && number <= MAX_AMOUNT;
      if (inRange && !overScale(value)) return true;
      const detail = inRange
        ? `${field} must have at most ${maxScale} decimal places (got ${decimals(value)})`
        : `${field} must be from 0 to ${MAX_AMOUNT} (got ${value})`;
      return this.createError({ params: { field, detail } satisfies RuleParams });
    },
  });
}

const NAME_FIX = "Shorten the item name.";
const SKU_FIX = "Use a shorter item code, or sync this item under a shorter code.";
const DESCRIPTION_FIX = "Shorten the item description.";
const BRAND_FIX = "Use a shorter brand name.";
const PRICE_FIX = "Fix the item's selling price.";
const WEIGHT_FIX = "Fix the item's weight.";
const BARCODE_FIX = "Fix the item's barcode.";

export const v1ProductSchema = yup.object({
  name: chars("Item name", "name", 1, NAME_MAX, NAME_FIX),
  sku: chars("Item code (the Wix SKU)", "sku", 0, SKU_MAX, SKU_FIX),
  description: chars("Description", "description", 0, V1_DESCRIPTION_MAX, DESCRIPTION_FIX),
  brand: chars("Brand", "brand", 1, BRAND_MAX, BRAND_FIX),
  weight: amount("Weight", "weight", WEIGHT_FIX),
  priceData: yup.object({ price: amount("Price", "price", PRICE_FIX) }).default(undefined),
});

export const v3ProductSchema = yup.object({
  name: chars("Item name", "name", 1, NAME_MAX, NAME_FIX),
  plainDescription: chars(
    "Description",
    "description",
    0,
    V3_PLAIN_DESCRIPTION_MAX,
    DESCRIPTION_FIX,
  ),
  brand: yup.object({ name: chars("Brand", "brand", 0, BRAND_MAX, BRAND_FIX) }).default(undefined),
  media: yup
    .object({
      itemsInfo: yup.object({ items: yup.array().max(V3_MEDIA_MAX) }).default(undefined),
    })
    .default(undefined),
  variantsInfo: yup
    .object({
      variants: yup
        .array()
        .of(
          yup.object({
            sku: chars("Item code (the Wix SKU)", "sku", 1, SKU_MAX, SKU_FIX),
            barcode: chars("Barcode", "barcode", 1, BARCODE_MAX, BARCODE_FIX),
            price: yup
              .object({
                actualPrice: yup.object({
                  amount: amount("Price", "price", PRICE_FIX, V3_AMOUNT_MAX_SCALE),
                }),
              })
              .default(undefined),
            physicalProperties: yup
              .object({ weight: amount("Weight", "weight", WEIGHT_FIX) })
              .default(undefined),
          }),
        )
        .min(1)
        .max(1000),
    })
    .default(undefined),
});

/** Validates a Wix payload before any call; returns every violation (empty when it may be sent). */
export function validateWixProduct(
  catalog: "V1" | "V3",
  product: V1Product | V3Product,
): PayloadViolation[] {
  const schema = catalog === "V1" ? v1ProductSchema : v3ProductSchema;
  try {
    schema.validateSync(product, { abortEarly: false, strict: true });
    return [];
  } catch (error) {
    if (!(error instanceof yup.ValidationError)) throw error;
    const errors = error.inner.length ? error.inner : [error];
    return errors.map((inner) => {
      const params = (inner.params ?? {}) as Partial<RuleParams>;
      return {
        field: params.field ?? inner.path ?? "product",
        detail: params.detail ?? inner.message,
        message: inner.message,
      };
    });
  }
}
