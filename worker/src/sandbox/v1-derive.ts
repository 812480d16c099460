/** Fields Catalog V1 computes from a product's writable fields: prices, variants and ranges. */
import { formatMoney, nowIso, roundMoney } from "./format.js";
import type { CatalogStore } from "./store.js";
import type { V1Product, V1Variant } from "./wix-types.js";

export interface V1Context {
  store: CatalogStore;
  currency: string;
  /** Base URL of the sandbox, used for `productPageUrl.base` and media URLs. */
  baseUrl: string;
}

/** Id of the single variant of a product without managed variants. */
export const V1_DEFAULT_VARIANT_ID = "00000000-0000-0000-0000-000000000000";

function priceBlock(price: number, discount: V1Product["discount"], currency: string) {
  let discounted = price;
  if (discount?.type === "AMOUNT") discounted = price - (discount.value ?? 0);
  if (discount?.type === "PERCENT") discounted = price * (1 - (discount.value ?? 0) / 100);
  discounted = Math.max(0, roundMoney(discounted));
  return {
    currency,
    price,
    discountedPrice: discounted,
    formatted: {
      price: formatMoney(price, currency),
      discountedPrice: formatMoney(discounted, currency),
    },
  };
}

/** Build every option-choice combination, in the order Wix lists variants. */
function choiceCombinations(options: NonNullable<V1Product["productOptions"]>) {
  let combinations: Record<string, string>[] = [{}];
  for (const option of options) {
    const next: Record<string, string>[] = [];
    for (const combination of combinations) {
      for (const choice of option.choices ?? []) {
        next.push({
          ...combination,
          [option.name ?? ""]: choice.description ?? choice.value ?? "",
        });
      }
    }
    combinations = next.length > 0 ? next : combinations;
  }
  return combinations;
}

/** Cost, profit and margin of one variant, as Wix derives them from the discounted price. */
function costAndProfit(itemCost: number, discountedPrice: number, currency: string) {
  const profit = roundMoney(discountedPrice - itemCost);
  return {
    itemCost,
    formattedItemCost: formatMoney(itemCost, currency),
    profit,
    formattedProfit: formatMoney(profit, currency),
    profitMargin:
      discountedPrice > 0 ? Math.round((profit / discountedPrice) * 10_000) / 10_000 : 0,
  };
}

function buildVariants(product: V1Product, sku: string, context: V1Context): V1Variant[] {
  const price = product.priceData?.price ?? 0;
  const itemCost = product.costAndProfitData?.itemCost;
  const variantData = () => {
    const priceData = priceBlock(price, product.discount, context.currency);
    return {
      priceData,
      convertedPriceData: priceBlock(price, product.discount, context.currency),
      ...(typeof itemCost === "number"
        ? {
            costAndProfitData: costAndProfit(itemCost, priceData.discountedPrice, context.currency),
          }
        : {}),
      weight: product.weight ?? 0,
      sku,
      visible: product.visible ?? true,
    };
  };
  if (!product.manageVariants || !product.productOptions?.length) {
    return [{ id: V1_DEFAULT_VARIANT_ID, choices: {}, variant: variantData() }];
  }
  // An update keeps the id of every variant whose choices still exist, as Wix does.
  const previousIds = new Map(
    (product.variants ?? []).map((variant) => [JSON.stringify(variant.choices ?? {}), variant.id]),
  );
  return choiceCombinations(product.productOptions).map((choices) => ({
    id: previousIds.get(JSON.stringify(choices)) ?? context.store.newId(),
    choices,
    variant: variantData(),
  }));
}

/** Fill the read-only and derived fields from the writable ones. */
export function deriveFields(product: V1Product, sku: string, context: V1Context): V1Product {
  const price = product.priceData?.price ?? 0;
  const priceData = priceBlock(price, product.discount, context.currency);
  const weight = product.weight ?? 0;
  const derived: V1Product = {
    ...product,
    weightRange: { minValue: weight, maxValue: weight },
    price: priceData,
    priceData: { ...priceData, pricePerUnit: product.priceData?.pricePerUnit },
    convertedPriceData: priceData,
    priceRange: { minValue: price, maxValue: price },
    costRange: {
      minValue: product.costAndProfitData?.itemCost ?? 0,
      maxValue: product.costAndProfitData?.itemCost ?? 0,
    },
    ribbons: product.ribbon ? [{ text: product.ribbon }] : [],
    productPageUrl: { base: context.baseUrl, path: `/product-page/${product.slug}` },
    variants: buildVariants(product, sku, context),
    lastUpdated: nowIso(),
  };
  // With managed variants, SKU and weight live on the variants and the product fields are empty.
  if (product.manageVariants) {
    delete derived.sku;
    delete derived.weight;
  } else derived.sku = sku;
  if (!derived.priceData?.pricePerUnit) delete derived.priceData?.pricePerUnit;
  return derived;
}

export function normalizeOptions(options: unknown): V1Product["productOptions"] {
  if (!Array.isArray(options)) return [];
  return options.map((option: Record<string, unknown>) => ({
    optionType: (option.optionType as "drop_down" | "color" | undefined) ?? "drop_down",
    name: option.name as string,
    choices: ((option.choices as Record<string, unknown>[] | undefined) ?? []).map((choice) => ({
      value: choice.value as string,
      description: choice.description as string,
      inStock: true,
      visible: true,
    })),
  }));
}
