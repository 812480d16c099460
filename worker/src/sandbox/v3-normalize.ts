/**
 * Server-side fill-in for Catalog V3 product writes: ids for options, choices, variants and
 * media, and the fields Wix derives from the variants.
 */
import { applicationError } from "./errors.js";
import { isObject } from "./json.js";
import type { CatalogStore } from "./store.js";
import type { V3Product, V3Variant } from "./wix-types.js";

type Input = Record<string, unknown>;

interface OptionChoiceRef {
  optionChoiceIds?: { optionId?: string; choiceId?: string };
  optionChoiceNames?: { optionName?: string; choiceName?: string; renderType?: string };
}

/** Give options and choices ids, and point each variant's choices at them. */
export function normalizeOptions(product: Input, store: CatalogStore): void {
  const options = Array.isArray(product.options) ? (product.options as Input[]) : [];
  for (const option of options) {
    option.id ??= store.newId();
    option.optionRenderType ??= "TEXT_CHOICES";
    const settings = isObject(option.choicesSettings) ? option.choicesSettings : { choices: [] };
    const choices = Array.isArray(settings.choices) ? (settings.choices as Input[]) : [];
    for (const choice of choices) {
      choice.choiceId ??= store.newId();
      choice.choiceType ??= "CHOICE_TEXT";
      choice.inStock ??= true;
      choice.visible ??= true;
    }
    option.choicesSettings = { ...settings, choices };
  }
  const variants = isObject(product.variantsInfo) ? product.variantsInfo.variants : [];
  if (!Array.isArray(variants)) return;
  const signatures = new Set<string>();
  variants.forEach((variant: Input, index) => {
    const refs = (Array.isArray(variant.choices) ? variant.choices : []) as OptionChoiceRef[];
    const resolved = refs.map((ref) => resolveChoice(ref, options, index));
    const optionIds = new Set(resolved.map((ref) => ref.optionChoiceIds.optionId));
    if (resolved.length !== options.length || optionIds.size !== options.length) {
      throw applicationError(
        400,
        "MISSING_VARIANT_OPTION_CHOICE",
        `product.variantsInfo.variants[${index}] must have exactly one choice for each of the ${options.length} product options.`,
        { variantIndex: index },
      );
    }
    const signature = resolved
      .map((ref) => `${ref.optionChoiceIds.optionId}:${ref.optionChoiceIds.choiceId}`)
      .sort()
      .join("|");
    if (signatures.has(signature)) {
      throw applicationError(
        400,
        "DUPLICATE_VARIANT_OPTION_CHOICE",
        `product.variantsInfo.variants[${index}] repeats the choices of an earlier variant.`,
        { variantIndex: index },
      );
    }
    signatures.add(signature);
    variant.choices = resolved;
  });
}

function resolveChoice(ref: OptionChoiceRef, options: Input[], variantIndex: number) {
  const byIds = ref.optionChoiceIds;
  const byNames = ref.optionChoiceNames;
  for (const option of options) {
    const choices = ((option.choicesSettings as Input).choices as Input[]) ?? [];
    for (const choice of choices) {
      const idMatch =
        byIds !== undefined && byIds.optionId === option.id && byIds.choiceId === choice.choiceId;
      const nameMatch =
        byNames !== undefined &&
        byNames.optionName === option.name &&
        byNames.choiceName === choice.name;
      if (idMatch || nameMatch) {
        return {
          optionChoiceIds: { optionId: option.id as string, choiceId: choice.choiceId as string },
          optionChoiceNames: {
            optionName: option.name as string,
            choiceName: choice.name as string,
            renderType: option.optionRenderType as string,
          },
        };
      }
    }
  }
  throw applicationError(
    400,
    "CHOICE_NOT_EXIST",
    `product.variantsInfo.variants[${variantIndex}] refers to an option choice the product does not have: ${JSON.stringify(ref)}.`,
    { variantIndex },
  );
}

export function normalizeVariants(product: Input, store: CatalogStore, previous?: V3Product): void {
  const knownIds = new Set((previous?.variantsInfo?.variants ?? []).map((variant) => variant.id));
  const variants = ((product.variantsInfo as Input).variants as Input[]) ?? [];
  const hasOptions = Array.isArray(product.options) && product.options.length > 0;
  for (const variant of variants) {
    if (typeof variant.id !== "string" || !knownIds.has(variant.id)) variant.id = store.newId();
    // Without options the single variant follows the product's visibility, as Wix documents.
    if (!hasOptions && product.visible !== undefined) variant.visible = product.visible;
    variant.visible ??= true;
    variant.choices ??= [];
    if (product.productType === "PHYSICAL") variant.physicalProperties ??= {};
    variant.inventoryStatus = { inStock: true, preorderEnabled: false };
    delete variant.media;
    delete variant.subscriptionPricesInfo;
  }
}

function amountRange(amounts: string[]) {
  const numbers = amounts.map(Number);
  const min = amounts[numbers.indexOf(Math.min(...numbers))] ?? "0";
  const max = amounts[numbers.indexOf(Math.max(...numbers))] ?? "0";
  return { minValue: { amount: min }, maxValue: { amount: max } };
}

/** Fill the fields Wix computes from the variants and the product type. */
export function deriveFields(product: Input): V3Product {
  const variants = ((product.variantsInfo as Input).variants as V3Variant[]) ?? [];
  const actual = variants.map((variant) => variant.price?.actualPrice?.amount ?? "0");
  const compareAt = variants.map(
    (variant) => variant.price?.compareAtPrice?.amount ?? variant.price?.actualPrice?.amount ?? "0",
  );
  const derived = product as V3Product;
  derived.actualPriceRange = amountRange(actual);
  derived.compareAtPriceRange = amountRange(compareAt);
  derived.inventory = {
    availabilityStatus: "IN_STOCK",
    preorderStatus: "DISABLED",
    preorderAvailability: "NO_VARIANTS",
  };
  derived.variantSummary = { variantCount: variants.length };
  if (derived.productType === "PHYSICAL" && derived.physicalProperties) {
    const weights = variants.map((variant) => variant.physicalProperties?.weight ?? 0);
    derived.physicalProperties.shippingWeightRange = {
      minValue: weights.length ? Math.min(...weights) : 0,
      maxValue: weights.length ? Math.max(...weights) : 0,
    };
  }
  if (derived.productType === "DIGITAL") derived.visibleInPos = false;
  const items = derived.media?.itemsInfo?.items ?? [];
  derived.media = { ...derived.media, itemsInfo: { items } };
  if (items[0]) derived.media.main = items[0];
  else delete derived.media.main;
  return derived;
}

export function normalizeMedia(product: Input, store: CatalogStore): void {
  const media = isObject(product.media) ? product.media : undefined;
  const items = media && isObject(media.itemsInfo) ? media.itemsInfo.items : undefined;
  if (!Array.isArray(items)) return;
  for (const item of items as Input[]) {
    item.id ??= `sandbox_${store.newId()}.jpg`;
    item.mediaType ??= "IMAGE";
    if (typeof item.url === "string") item.image ??= { url: item.url, width: 0, height: 0 };
  }
}

export function normalizeNamedEntities(product: Input, store: CatalogStore): void {
  if (isObject(product.brand) && product.brand.name) product.brand.id ??= store.newId();
  if (isObject(product.ribbon) && product.ribbon.name) product.ribbon.id ??= store.newId();
}
