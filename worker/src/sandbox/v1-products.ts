/**
 * Catalog V1 products: create, get, update and delete, in the shapes Wix returns. Field checks,
 * derived fields, Query Products and media are in v1-validation.ts, v1-derive.ts, v1-query.ts and
 * v1-media.ts.
 *
 * V1 does not enforce unique SKUs, so two products may carry the same one.
 */
import { notFound, ViolationList } from "./errors.js";
import { nowIso } from "./format.js";
import { isObject } from "./json.js";
import { cloneJson } from "./store.js";
import { deriveFields, normalizeOptions, type V1Context } from "./v1-derive.js";
import { checkProductFields, type ProductInput } from "./v1-validation.js";
import type { V1Product } from "./wix-types.js";

/** Id of the "All Products" collection every V1 product belongs to. */
const ALL_PRODUCTS_COLLECTION_ID = "00000000-000000-000000-000000000001";

export function createV1Product(body: unknown, context: V1Context): V1Product {
  const product = isObject(body) && isObject(body.product) ? body.product : undefined;
  const violations = new ViolationList();
  if (!product) {
    violations.required("product");
    violations.throwIfAny();
    throw new Error("unreachable");
  }
  if (product.name === undefined || product.name === null) violations.required("product.name");
  if (!isObject(product.priceData) || product.priceData.price === undefined) {
    violations.required("product.priceData.price");
  }
  checkProductFields(product, violations);
  violations.throwIfAny();

  const { store } = context;
  const createdDate = nowIso();
  const sku = (product.sku as string | undefined) ?? "";
  const base: V1Product = {
    id: store.newId(),
    name: product.name as string,
    slug: store.reserveSlug(product.name as string, product.slug as string | undefined),
    visible: (product.visible as boolean | undefined) ?? true,
    productType: "physical",
    description: (product.description as string | undefined) ?? "",
    weight: (product.weight as number | undefined) ?? 0,
    stock: { trackInventory: false, inStock: true, inventoryStatus: "IN_STOCK" },
    priceData: { price: (product.priceData as { price: number }).price },
    costAndProfitData: isObject(product.costAndProfitData)
      ? { itemCost: product.costAndProfitData.itemCost as number }
      : undefined,
    additionalInfoSections:
      (product.additionalInfoSections as V1Product["additionalInfoSections"]) ?? [],
    media: { items: [] },
    customTextFields: [],
    manageVariants: (product.manageVariants as boolean | undefined) ?? false,
    productOptions: normalizeOptions(product.productOptions),
    numericId: store.nextNumericId(),
    inventoryItemId: store.newId(),
    discount: (product.discount as V1Product["discount"]) ?? { type: "NONE", value: 0 },
    collectionIds: [ALL_PRODUCTS_COLLECTION_ID],
    createdDate,
  };
  if (base.costAndProfitData === undefined) delete base.costAndProfitData;
  if (typeof product.ribbon === "string") base.ribbon = product.ribbon;
  if (typeof product.brand === "string") base.brand = product.brand;
  const created = deriveFields(base, sku, context);
  store.putV1(created);
  return cloneJson(created);
}

/** Fields a client may write through Update Product; the rest are read-only and ignored. */
const V1_WRITABLE_FIELDS = [
  "name",
  "slug",
  "visible",
  "productType",
  "description",
  "sku",
  "weight",
  "priceData",
  "costAndProfitData",
  "additionalInfoSections",
  "manageVariants",
  "productOptions",
  "discount",
  "seoData",
  "ribbon",
  "brand",
  "productDimensions",
  "packageDimensions",
  "pricePerUnitData",
] as const;

export function updateV1Product(id: string, body: unknown, context: V1Context): V1Product {
  const existing = context.store.v1.get(id);
  if (!existing) throw notFound("Product", id);
  const patch = isObject(body) && isObject(body.product) ? body.product : undefined;
  const violations = new ViolationList();
  if (!patch) violations.required("product");
  violations.throwIfAny();
  const product = patch as ProductInput;
  violations.idMatchesUrl("product.id", product.id, id);
  if (product.name === null || product.name === "") violations.required("product.name");
  checkProductFields(product, violations);
  violations.throwIfAny();

  const next: V1Product = cloneJson(existing);
  const nextRecord = next as Record<string, unknown>;
  for (const field of V1_WRITABLE_FIELDS) {
    if (!(field in product)) continue;
    const value = product[field];
    if (field === "priceData" && isObject(value)) {
      next.priceData = { ...next.priceData, ...value };
    } else if (field === "productOptions") {
      next.productOptions = normalizeOptions(value);
    } else if (field === "slug" && typeof value === "string" && value !== existing.slug) {
      context.store.releaseSlug(existing.slug);
      next.slug = context.store.reserveSlug(value, value);
    } else if (value === null) {
      delete nextRecord[field];
    } else {
      nextRecord[field] = cloneJson(value);
    }
  }
  const sku =
    "sku" in product
      ? ((product.sku as string | null) ?? "")
      : (existing.sku ?? existing.variants?.[0]?.variant?.sku ?? "");
  // A product with managed variants keeps its weight on the variants only.
  if (next.weight === undefined) next.weight = existing.variants?.[0]?.variant?.weight;
  const updated = deriveFields(next, sku, context);
  context.store.putV1(updated);
  return cloneJson(updated);
}

export function getV1Product(id: string, context: V1Context): V1Product {
  const product = context.store.v1.get(id);
  if (!product) throw notFound("Product", id);
  return cloneJson(product);
}

export function deleteV1Product(id: string, context: V1Context): void {
  const product = context.store.v1.get(id);
  if (!product) throw notFound("Product", id);
  context.store.releaseSlug(product.slug);
  context.store.deleteV1(id);
}
