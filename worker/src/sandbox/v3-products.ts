/**
 * Catalog V3 products: create, get, update and delete, in the shapes Wix returns.
 *
 * V3 keeps SKUs unique across the catalog, requires `revision` on every update and replaces
 * arrays such as `variantsInfo.variants` whole.
 */
import { applicationError, notFound, ViolationList } from "./errors.js";
import { formatMoney, nowIso } from "./format.js";
import { cloneJson, type CatalogStore } from "./store.js";
import { checkV3Product, isObject } from "./v3-validation.js";
import type { V3Product, V3Variant } from "./wix-types.js";

export interface V3Context {
  store: CatalogStore;
  currency: string;
  /** Base URL of the sandbox, used for the product page URL. */
  baseUrl: string;
}

type Input = Record<string, unknown>;

/** Fields the server sets; a client's values for them are ignored. */
const READ_ONLY_FIELDS = [
  "id",
  "revision",
  "createdDate",
  "updatedDate",
  "url",
  "inventory",
  "actualPriceRange",
  "compareAtPriceRange",
  "costRange",
  "variantSummary",
  "currency",
  "directCategoriesInfo",
  "allCategoriesInfo",
  "breadcrumbsInfo",
] as const;

function withoutReadOnly(product: Input): Input {
  const copy = cloneJson(product);
  for (const field of READ_ONLY_FIELDS) delete copy[field];
  return copy;
}

/** Merge `patch` onto `target`: objects merge field by field, arrays and scalars replace, null clears. */
function mergePatch(target: Input, patch: Input): Input {
  const result: Input = { ...target };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else if (isObject(value) && isObject(result[key])) {
      result[key] = mergePatch(result[key] as Input, value);
    } else result[key] = cloneJson(value);
  }
  return result;
}

function variantSkus(product: V3Product | Input): string[] {
  const variants = isObject(product.variantsInfo) ? product.variantsInfo.variants : undefined;
  if (!Array.isArray(variants)) return [];
  return variants
    .map((variant: unknown) => (isObject(variant) ? variant.sku : undefined))
    .filter((sku): sku is string => typeof sku === "string" && sku !== "");
}

/** Reject SKUs that repeat inside the product or belong to another product. */
function checkSkusFree(product: Input, store: CatalogStore, ownId?: string): void {
  const seen = new Set<string>();
  for (const sku of variantSkus(product)) {
    const owner = store.v3SkuOwners.get(sku);
    if (seen.has(sku) || (owner !== undefined && owner !== ownId)) {
      throw applicationError(409, "SKU_ALREADY_EXIST_ERROR", `SKU "${sku}" already exists.`, {
        sku,
        ...(owner !== undefined && owner !== ownId ? { productId: owner } : {}),
      });
    }
    seen.add(sku);
  }
}

function indexSkus(product: V3Product, store: CatalogStore): void {
  for (const sku of variantSkus(product)) store.v3SkuOwners.set(sku, product.id as string);
}

function unindexSkus(product: V3Product, store: CatalogStore): void {
  for (const sku of variantSkus(product)) {
    if (store.v3SkuOwners.get(sku) === product.id) store.v3SkuOwners.delete(sku);
  }
}

interface OptionChoiceRef {
  optionChoiceIds?: { optionId?: string; choiceId?: string };
  optionChoiceNames?: { optionName?: string; choiceName?: string; renderType?: string };
}

/** Give options and choices ids, and point each variant's choices at them. */
function normalizeOptions(product: Input, store: CatalogStore): void {
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

function normalizeVariants(product: Input, store: CatalogStore, previous?: V3Product): void {
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
function deriveFields(product: Input): V3Product {
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

function normalizeMedia(product: Input, store: CatalogStore): void {
  const media = isObject(product.media) ? product.media : undefined;
  const items = media && isObject(media.itemsInfo) ? media.itemsInfo.items : undefined;
  if (!Array.isArray(items)) return;
  for (const item of items as Input[]) {
    item.id ??= `sandbox_${store.newId()}.jpg`;
    item.mediaType ??= "IMAGE";
    if (typeof item.url === "string") item.image ??= { url: item.url, width: 0, height: 0 };
  }
}

function normalizeNamedEntities(product: Input, store: CatalogStore): void {
  if (isObject(product.brand) && product.brand.name) product.brand.id ??= store.newId();
  if (isObject(product.ribbon) && product.ribbon.name) product.ribbon.id ??= store.newId();
}

export function createV3Product(input: unknown, context: V3Context): V3Product {
  const violations = new ViolationList();
  if (!isObject(input)) {
    violations.required("product");
    violations.throwIfAny();
  }
  const product = withoutReadOnly(input as Input);
  checkV3Product(product, violations);
  violations.throwIfAny();

  const { store } = context;
  if (typeof product.slug === "string" && store.isSlugTaken(product.slug)) {
    throw applicationError(409, "DUPLICATE_SLUG_ERROR", `Slug "${product.slug}" is already used.`, {
      slug: product.slug,
    });
  }
  checkSkusFree(product, store);
  normalizeOptions(product, store);
  normalizeVariants(product, store);
  normalizeMedia(product, store);
  normalizeNamedEntities(product, store);

  const now = nowIso();
  const id = store.newId();
  const slug = store.reserveSlug(product.name as string, product.slug as string | undefined);
  const created = deriveFields({
    id,
    revision: "1",
    createdDate: now,
    updatedDate: now,
    ...product,
    slug,
    handle: (product.handle as string | undefined) ?? `sandbox-${id}`,
    visible: product.visible ?? true,
    visibleInPos: product.visibleInPos ?? true,
    options: product.options ?? [],
    modifiers: product.modifiers ?? [],
    infoSections: product.infoSections ?? [],
    additionalRibbons: product.additionalRibbons ?? [],
  });
  store.v3.set(id, created);
  store.markCreated(id);
  indexSkus(created, store);
  return created;
}

/**
 * Apply an update. `patch` is the request's `product`, which must carry the current `revision`.
 */
export function updateV3Product(id: string, patch: unknown, context: V3Context): V3Product {
  const { store } = context;
  const violations = new ViolationList();
  if (!isObject(patch)) {
    violations.required("product");
    violations.throwIfAny();
  }
  const request = patch as Input;
  if (request.id !== undefined && request.id !== id) {
    violations.add({
      field: "product.id",
      description: `product.id "${String(request.id)}" does not match the id "${id}" in the URL.`,
      violatedRule: "OTHER",
      ruleName: "ID_MISMATCH",
    });
  }
  if (request.revision === undefined || request.revision === null || request.revision === "") {
    violations.add({
      field: "product.revision",
      description: "product.revision is required on update; send the revision from the last read.",
      violatedRule: "REQUIRED_FIELD",
    });
  }
  violations.throwIfAny();

  const existing = store.v3.get(id);
  if (!existing) throw notFound("Product", id);
  if (String(request.revision) !== existing.revision) {
    // NOTE: the 409 status is documented; the code REVISION_MISMATCH is not in the SDK typings.
    throw applicationError(
      409,
      "REVISION_MISMATCH",
      `Product "${id}" has revision ${existing.revision}, but the update carries revision ${String(request.revision)}. Read the product again and retry with its current revision.`,
      { currentRevision: existing.revision, requestRevision: String(request.revision) },
    );
  }
  if (request.productType !== undefined && request.productType !== existing.productType) {
    violations.add({
      field: "product.productType",
      description: `product.productType cannot change after creation (it is ${existing.productType}).`,
      violatedRule: "OTHER",
      ruleName: "IMMUTABLE_FIELD",
    });
  }
  const changes = withoutReadOnly(request);
  delete changes.handle;
  delete changes.productType;
  const merged = mergePatch(cloneJson(existing) as Input, changes);
  checkV3Product(merged, violations);
  violations.throwIfAny();

  const slugChanged = typeof changes.slug === "string" && changes.slug !== existing.slug;
  if (slugChanged && store.isSlugTaken(changes.slug as string)) {
    throw applicationError(409, "DUPLICATE_SLUG_ERROR", `Slug "${changes.slug}" is already used.`, {
      slug: changes.slug,
    });
  }
  checkSkusFree(merged, store, id);
  normalizeOptions(merged, store);
  normalizeVariants(merged, store, existing);
  normalizeMedia(merged, store);
  normalizeNamedEntities(merged, store);
  if (slugChanged) {
    store.releaseSlug(existing.slug);
    store.reserveSlug(changes.slug as string, changes.slug as string);
  }
  merged.revision = String(Number(existing.revision) + 1);
  merged.updatedDate = nowIso();
  const updated = deriveFields(merged);
  unindexSkus(existing, store);
  store.v3.set(id, updated);
  indexSkus(updated, store);
  return updated;
}

export function getV3Product(id: string, context: V3Context): V3Product {
  const product = context.store.v3.get(id);
  if (!product) throw notFound("Product", id);
  return product;
}

export function deleteV3Product(id: string, context: V3Context): void {
  const product = context.store.v3.get(id);
  if (!product) throw notFound("Product", id);
  unindexSkus(product, context.store);
  context.store.releaseSlug(product.slug);
  context.store.v3.delete(id);
  context.store.forgetCreation(id);
}

export type V3Projection = "single" | "list";

/**
 * Copy a stored product into the shape a response carries. Some fields are returned only when
 * the request names them in `fields`. Lists (query and search) leave `variantsInfo` out, as the
 * SDK documents for Search Products and as its Query Products response type implies.
 */
export function projectV3Product(
  product: V3Product,
  fields: readonly string[],
  projection: V3Projection,
  context: V3Context,
): V3Product {
  const copy = cloneJson(product);
  const requested = new Set(fields);
  if (!requested.has("PLAIN_DESCRIPTION")) delete copy.plainDescription;
  if (!requested.has("DESCRIPTION")) delete copy.description;
  if (requested.has("URL")) {
    const relativePath = `/product-page/${product.slug}`;
    copy.url = { relativePath, url: `${context.baseUrl}${relativePath}` };
  }
  if (requested.has("CURRENCY")) {
    copy.currency = context.currency;
    for (const variant of copy.variantsInfo?.variants ?? []) {
      for (const amount of [variant.price?.actualPrice, variant.price?.compareAtPrice]) {
        if (amount?.amount)
          amount.formattedAmount = formatMoney(Number(amount.amount), context.currency);
      }
    }
  }
  if (!requested.has("VARIANT_OPTION_CHOICE_NAMES")) {
    for (const variant of copy.variantsInfo?.variants ?? []) {
      for (const choice of variant.choices ?? []) delete choice.optionChoiceNames;
    }
  }
  if (projection === "list") {
    delete copy.variantsInfo;
    if (!requested.has("MEDIA_ITEMS_INFO") && copy.media) delete copy.media.itemsInfo;
  }
  return copy;
}

/** Read the `fields` list from a body or from repeated or comma-separated query parameters. */
export function requestedFields(bodyFields: unknown, searchParams?: URLSearchParams): string[] {
  const fromBody = Array.isArray(bodyFields) ? bodyFields.map(String) : [];
  const fromQuery = searchParams
    ? searchParams.getAll("fields").flatMap((value) => value.split(","))
    : [];
  return [...fromBody, ...fromQuery].filter((field) => field !== "");
}
