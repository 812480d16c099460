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
  private readonly slugs = new Set<string>();
  private numericIdCounter = 0;

  clear(): void {
    this.v1.clear();
    this.v3.clear();
    this.v3SkuOwners.clear();
    this.slugs.clear();
    this.numericIdCounter = 0;
  }

  newId(): string {
    return randomUUID();
  }

  /** Return ascending numeric ids in the shape V1 uses (microseconds since the epoch). */
  nextNumericId(): string {
    this.numericIdCounter += 1;
    return String(Date.now() * 1000 + (this.numericIdCounter % 1000));
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
