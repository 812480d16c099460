/**
 * Catalog V3 products: create, get, update and delete, in the shapes Wix returns.
 *
 * V3 keeps SKUs unique across the catalog, requires `revision` on every update and replaces
 * arrays such as `variantsInfo.variants` whole.
 */
import { applicationError, notFound, ViolationList } from "./errors.js";
import { nowIso } from "./format.js";
import { isObject } from "./json.js";
import { cloneJson, type CatalogStore } from "./store.js";
import {
  deriveFields,
  normalizeMedia,
  normalizeNamedEntities,
  normalizeOptions,
  normalizeVariants,
} from "./v3-normalize.js";
import { checkV3Product } from "./v3-validation.js";
import type { V3Product } from "./wix-types.js";

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
  violations.idMatchesUrl("product.id", request.id, id);
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
