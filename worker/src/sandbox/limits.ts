/**
 * Field and request limits that the sandbox enforces.
 *
 * Values come from the `@minLength`, `@maxLength`, `@max`, `@minSize`, `@maxSize` and
 * `@decimalValue` tags in the REST typings (`build/es/meta.d.mts`) of these packages:
 * - `@wix/auto_sdk_stores_products` 1.0.108 (Catalog V1 products);
 * - `@wix/auto_sdk_stores_products-v-3` 1.0.226 (Catalog V3 products).
 * Re-read those tags when the packages are upgraded. Limits that the typings do not carry are
 * marked where they are defined.
 */

/** Largest money amount or weight that Wix accepts (`@max 999999999.99`). */
export const MAX_AMOUNT = 999_999_999.99;

export const V1_LIMITS = {
  product: {
    nameMinLength: 1,
    nameMaxLength: 80,
    slugMaxLength: 100,
    descriptionMaxLength: 8000,
    skuMaxLength: 40,
    ribbonMaxLength: 30,
    brandMinLength: 1,
    brandMaxLength: 50,
    weightMax: MAX_AMOUNT,
    priceMax: MAX_AMOUNT,
    itemCostMax: MAX_AMOUNT,
    productOptionsMaxSize: 6,
    variantsMaxSize: 1000,
  },
  productOption: {
    nameMinLength: 1,
    nameMaxLength: 50,
    choicesMinSize: 1,
    choicesMaxSize: 100,
  },
  choice: {
    valueMinLength: 1,
    valueMaxLength: 50,
    descriptionMinLength: 1,
    descriptionMaxLength: 50,
  },
  additionalInfoSection: {
    titleMaxLength: 50,
    descriptionMaxLength: 16000,
  },
  query: {
    limitMax: 100,
    limitDefault: 100,
    // NOTE: not in the typings. Wix documents that offset paging stops working at about 10,000
    // items and advises paging by `numericId` past that point.
    offsetMax: 10_000,
  },
  addMedia: { mediaMinSize: 1, mediaMaxSize: 50 },
  removeMedia: { mediaIdsMaxSize: 50 },
} as const;

export const V3_LIMITS = {
  product: {
    nameMinLength: 1,
    nameMaxLength: 80,
    slugMinLength: 1,
    slugMaxLength: 300,
    plainDescriptionMaxLength: 16000,
    optionsMaxSize: 6,
    modifiersMaxSize: 10,
    infoSectionsMaxSize: 20,
    additionalRibbonsMaxSize: 4,
    handleMinLength: 1,
    handleMaxLength: 100,
  },
  brand: { nameMaxLength: 50 },
  ribbon: { nameMaxLength: 30 },
  media: { itemsMaxSize: 50 },
  variantsInfo: { variantsMinSize: 1, variantsMaxSize: 1000 },
  variant: {
    skuMinLength: 1,
    skuMaxLength: 40,
    barcodeMinLength: 1,
    barcodeMaxLength: 40,
    choicesMaxSize: 6,
    weightMax: MAX_AMOUNT,
  },
  /** `FixedMonetaryAmount.amount`: `@decimalValue options { gte:0, lte:999999999.99, maxScale:3 }`. */
  amount: { min: 0, max: MAX_AMOUNT, maxScale: 3 },
  option: { nameMinLength: 1, nameMaxLength: 50, choicesMinSize: 1, choicesMaxSize: 1000 },
  choice: { nameMinLength: 1, nameMaxLength: 50 },
  bulk: { productsMinSize: 1, productsMaxSize: 100 },
  query: { limitMax: 100, limitDefault: 100, sortMaxSize: 5, cursorMaxLength: 16000 },
  fieldsMaxSize: 100,
} as const;

/** Wix's published rate limit: 200 requests a minute per site. */
export const DEFAULT_RATE_LIMIT_PER_MINUTE = 200;
