import { randomUUID } from "node:crypto";

import type { V1Product, V3Product } from "./wix-types.js";

/**
 * The site's catalog, in memory. V1 and V3 products live in separate maps because a real site
 * has one catalog version for good, and a sandbox may switch versions between tests.
 */
export class CatalogStore {
  readonly v1 = new Map<string, V1Product>();
  readonly v3 = new Map<string, V3Product>();
  /** V3 variant SKU to the id of the product that owns it; V3 keeps SKUs unique. */
  readonly v3SkuOwners = new Map<string, string>();
  /** V1 product and variant SKU to the ids of the products carrying it; V1 allows repeats. */
  private readonly v1SkuIndex = new Map<string, Set<string>>();
  /** Creation order of every product id, so index lookups return products in list order. */
  private readonly creationOrder = new Map<string, number>();
  private readonly slugs = new Set<string>();
  private lastNumericId = 0;
  private creationCounter = 0;

  clear(): void {
    this.v1.clear();
    this.v3.clear();
    this.v3SkuOwners.clear();
    this.v1SkuIndex.clear();
    this.creationOrder.clear();
    this.slugs.clear();
    this.lastNumericId = 0;
    this.creationCounter = 0;
  }

  newId(): string {
    return randomUUID();
  }

  /** Return strictly ascending numeric ids in the shape V1 uses (microseconds since the epoch). */
  nextNumericId(): string {
    this.lastNumericId = Math.max(Date.now() * 1000, this.lastNumericId + 1);
    return String(this.lastNumericId);
  }

  /** Record that a product was created, for `byCreationOrder`. */
  markCreated(id: string): void {
    this.creationCounter += 1;
    this.creationOrder.set(id, this.creationCounter);
  }

  /** Sort product ids by creation, oldest first. */
  byCreationOrder(ids: Iterable<string>): string[] {
    const order = (id: string) => this.creationOrder.get(id) ?? Number.MAX_SAFE_INTEGER;
    return [...ids].sort((left, right) => order(left) - order(right));
  }

  /** Store a V1 product and index its product-level and variant SKUs. */
  putV1(product: V1Product): void {
    const id = product.id as string;
    const previous = this.v1.get(id);
    if (previous) this.unindexV1(previous);
    else this.markCreated(id);
    this.v1.set(id, product);
    for (const sku of v1Skus(product)) {
      const ids = this.v1SkuIndex.get(sku) ?? new Set<string>();
      ids.add(id);
      this.v1SkuIndex.set(sku, ids);
    }
  }

  deleteV1(id: string): void {
    const product = this.v1.get(id);
    if (!product) return;
    this.unindexV1(product);
    this.v1.delete(id);
    this.forgetCreation(id);
  }

  forgetCreation(id: string): void {
    this.creationOrder.delete(id);
  }

  /** Ids of V1 products carrying `sku` on the product or on a variant. */
  v1IdsBySku(sku: string): string[] {
    return [...(this.v1SkuIndex.get(sku) ?? [])];
  }

  private unindexV1(product: V1Product): void {
    for (const sku of v1Skus(product)) {
      const ids = this.v1SkuIndex.get(sku);
      ids?.delete(product.id as string);
      if (ids && ids.size === 0) this.v1SkuIndex.delete(sku);
    }
  }

  /** Reserve a slug derived from `name`, adding `-1`, `-2` … as Wix does when it is taken. */
  reserveSlug(name: string, requested?: string | null): string {
    const base = slugify(requested || name) || "product";
    let slug = base;
    for (let suffix = 1; this.slugs.has(slug); suffix += 1) slug = `${base}-${suffix}`;
    this.slugs.add(slug);
    return slug;
  }

  isSlugTaken(slug: string): boolean {
    return this.slugs.has(slug);
  }

  releaseSlug(slug: string | null | undefined): void {
    if (slug) this.slugs.delete(slug);
  }
}

function v1Skus(product: V1Product): Set<string> {
  const skus = new Set<string>();
  if (product.sku) skus.add(product.sku);
  for (const variant of product.variants ?? []) {
    if (variant.variant?.sku) skus.add(variant.variant.sku);
  }
  return skus;
}

export function slugify(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 100);
}

/** Copy a JSON value, so callers never share objects with the store. */
export function cloneJson<T>(value: T): T {
  return structuredClone(value);
}
