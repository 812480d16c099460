import type { CatalogVersion, SyncFields } from "../contract/index.js";
import {
  buildV1Product,
  buildV3Product,
  contentHash,
  DEFAULT_VARIANT_ID,
  type PayloadMode,
  type ProductFields,
} from "../mapping/map-item.js";
import type { WixClient } from "../wix/client.js";
import { WixError } from "../wix/errors.js";
import type { ProductCalls } from "../wix/product-calls.js";
import { V1Products } from "../wix/products-v1.js";
import { V3Products } from "../wix/products-v3.js";
import type { V1Product, V3Product } from "../wix/types.js";

/** A Wix product as the sync needs to know it. */
export interface RemoteProduct {
  id: string;
  revision: string | null;
  variantId: string | null;
  pageUrl: string | null;
  /** V1: hash of the image URLs now on the product, when this call set them. */
  mediaHash?: string | null;
}

/** The same product operations on either catalog version. */
export interface CatalogAdapter {
  readonly version: CatalogVersion;
  /** True when Wix rejects a second product with the same SKU (V3); V1 accepts duplicates. */
  readonly uniqueSkus: boolean;
  /** Builds the product payload that create or update would send. */
  payload(fields: ProductFields, mode: PayloadMode, remote?: RemoteProduct): V1Product | V3Product;
  findBySku(sku: string): Promise<RemoteProduct | null>;
  create(fields: ProductFields): Promise<RemoteProduct>;
  /** Updates a product; throws WixError NOT_FOUND (404) when it was deleted in Wix. */
  update(
    remote: RemoteProduct,
    fields: ProductFields,
    previousMediaHash: string | null,
  ): Promise<RemoteProduct>;
  setVisible(remote: RemoteProduct, visible: boolean): Promise<RemoteProduct>;
  delete(id: string): Promise<void>;
}

export function createCatalogAdapter(
  version: CatalogVersion,
  client: WixClient,
  sync: SyncFields,
): CatalogAdapter {
  return version === "V1"
    ? new V1Adapter(new V1Products(client), sync)
    : new V3Adapter(new V3Products(client), sync);
}

export function isNotFound(error: unknown): boolean {
  return error instanceof WixError && error.httpStatus === 404;
}

export function isDuplicateSku(error: unknown): boolean {
  return error instanceof WixError && /SKU_ALREADY_EXIST/.test(error.code);
}

function isStaleRevision(error: unknown): boolean {
  return error instanceof WixError && error.httpStatus === 409 && !/SKU/i.test(error.code);
}

/** A transient failure after which the write may or may not have taken effect in Wix. */
function isLostResponse(error: unknown): boolean {
  return (
    error instanceof WixError &&
    !error.permanent &&
    (error.httpStatus === null || error.httpStatus >= 500)
  );
}

/** PATCH tries of one V3 update with a fresh revision each, before the retry queue takes over. */
const V3_PATCH_TRIES = 3;

function asTransient(error: WixError): WixError {
  return new WixError({
    code: error.code,
    message: `${error.message}; the update is retried later with the product's current revision`,
    permanent: false,
    httpStatus: error.httpStatus,
    field: error.field,
    body: error.body,
    cause: error,
  });
}

/**
 * Returns whether a product read from Wix already contains every value of a PATCH payload (id and
 * revision aside). Wix adds fields of its own (media ids, derived prices), so the payload is compared
 * as a subset, arrays item by item, and decimal strings by value ("14.50" equals "14.5").
 */
export function containsPayload(product: V3Product, payload: V3Product): boolean {
  const { id: _id, revision: _revision, ...expected } = payload;
  return contains(product, expected);
}

function contains(actual: unknown, wanted: unknown): boolean {
  if (wanted === undefined) return true;
  if (Array.isArray(wanted)) {
    return (
      Array.isArray(actual) &&
      actual.length === wanted.length &&
      wanted.every((entry, index) => contains(actual[index], entry))
    );
  }
  if (wanted !== null && typeof wanted === "object") {
    if (actual === null || typeof actual !== "object" || Array.isArray(actual)) return false;
    const record = actual as Record<string, unknown>;
    return Object.entries(wanted).every(([key, value]) => contains(record[key], value));
  }
  if (typeof wanted === "string" && typeof actual === "string" && wanted !== actual) {
    return DECIMAL.test(wanted) && DECIMAL.test(actual) && Number(wanted) === Number(actual);
  }
  return actual === wanted;
}

const DECIMAL = /^-?\d+(\.\d+)?$/;

/** Joins a page URL that Wix returns as a base and a path, or returns null when either is missing. */
function joinPageUrl(
  url: { base?: string | null; path?: string | null } | undefined,
): string | null {
  return url?.base && url.path ? `${url.base.replace(/\/+$/, "")}${url.path}` : null;
}

function v1PageUrl(product: V1Product): string | null {
  return joinPageUrl(product.productPageUrl);
}

function v3PageUrl(product: V3Product): string | null {
  const url = product.url as { url?: string; base?: string; path?: string } | undefined;
  if (url?.url) return url.url;
  return joinPageUrl(url);
}

/** Returns the id of a product that Wix returned, or `fallbackId`. Throws when both are missing. */
function productId(product: V1Product | V3Product, fallbackId?: string): string {
  const id = product.id ?? fallbackId;
  if (!id) {
    throw new WixError({
      code: "NO_PRODUCT_ID",
      message: "Wix returned a product without an id",
      permanent: false,
    });
  }
  return id;
}

/** Base class of the two adapters: the catalog's product calls, the fields to sync, and delete. */
abstract class ProductsAdapter<Products extends ProductCalls> {
  constructor(
    protected readonly products: Products,
    protected readonly sync: SyncFields,
  ) {}

  delete(id: string): Promise<void> {
    return this.products.delete(id);
  }
}

export function mediaHash(images: string[]): string {
  return contentHash(images);
}

class V1Adapter extends ProductsAdapter<V1Products> implements CatalogAdapter {
  readonly version = "V1" as const;
  readonly uniqueSkus = false;

  payload(fields: ProductFields, mode: PayloadMode): V1Product {
    return buildV1Product(fields, this.sync, mode);
  }

  private remote(product: V1Product, fallbackId?: string): RemoteProduct {
    return {
      id: productId(product, fallbackId),
      revision: null,
      variantId: DEFAULT_VARIANT_ID,
      pageUrl: v1PageUrl(product),
    };
  }

  async findBySku(sku: string): Promise<RemoteProduct | null> {
    const [found] = await this.products.findBySku(sku);
    return found ? this.remote(found) : null;
  }

  async create(fields: ProductFields): Promise<RemoteProduct> {
    const remote = this.remote(await this.products.create(this.payload(fields, "create")));
    if (fields.images.length) await this.products.addMedia(remote.id, fields.images);
    return { ...remote, mediaHash: mediaHash(fields.images) };
  }

  async update(
    remote: RemoteProduct,
    fields: ProductFields,
    previousMediaHash: string | null,
  ): Promise<RemoteProduct> {
    const updated = this.remote(
      await this.products.update(remote.id, this.payload(fields, "update")),
      remote.id,
    );
    let currentMedia = previousMediaHash;
    const wanted = mediaHash(fields.images);
    if (this.sync.images && wanted !== previousMediaHash) {
      await this.products.removeAllMedia(remote.id);
      if (fields.images.length) await this.products.addMedia(remote.id, fields.images);
      currentMedia = wanted;
    }
    return { ...updated, mediaHash: currentMedia };
  }

  async setVisible(remote: RemoteProduct, visible: boolean): Promise<RemoteProduct> {
    return this.remote(await this.products.update(remote.id, { visible }), remote.id);
  }
}

class V3Adapter extends ProductsAdapter<V3Products> implements CatalogAdapter {
  readonly version = "V3" as const;
  readonly uniqueSkus = true;

  payload(fields: ProductFields, mode: PayloadMode, remote?: RemoteProduct): V3Product {
    return buildV3Product(fields, this.sync, mode, {
      id: remote?.id ?? null,
      revision: remote?.revision ?? null,
      variantId: remote?.variantId ?? null,
    });
  }

  remote(product: V3Product, fallbackId?: string): RemoteProduct {
    return v3Remote(product, fallbackId);
  }

  async findBySku(sku: string): Promise<RemoteProduct | null> {
    const [found] = await this.products.findBySku(sku);
    if (!found?.id) return null;
    // Search results may leave out variants, so read the product itself for its revision and variant id.
    return found.revision && found.variantsInfo?.variants?.length
      ? this.remote(found)
      : this.remote(await this.products.get(found.id));
  }

  async create(fields: ProductFields): Promise<RemoteProduct> {
    return this.remote(await this.products.create(this.payload(fields, "create")));
  }

  /**
   * PATCHes with the known revision. On a stale revision (409), or when the response was lost, reads
   * the product: when it already contains what this call meant to write (an earlier try committed and
   * its response was lost), that is the result; otherwise the PATCH is sent again with the fresh
   * revision. A revision that keeps moving is thrown as transient, for the retry queue.
   */
  private async patch(
    remote: RemoteProduct,
    build: (remote: RemoteProduct) => V3Product,
  ): Promise<RemoteProduct> {
    let current = remote;
    if (!current.revision) current = this.remote(await this.products.get(current.id), current.id);
    for (let attempt = 1; ; attempt++) {
      const payload = withIdentity(build(current), current);
      try {
        return this.remote(await this.products.update(payload), current.id);
      } catch (error) {
        const stale = isStaleRevision(error);
        if (!stale && !isLostResponse(error)) throw error;
        let fresh: V3Product;
        try {
          fresh = await this.products.get(current.id);
        } catch (readError) {
          // A 409 is permanent for Wix, but here it only means the revision must be read again.
          throw stale ? asTransient(error as WixError) : readError;
        }
        if (containsPayload(fresh, payload)) return this.remote(fresh, current.id);
        if (!stale) throw error;
        if (attempt >= V3_PATCH_TRIES) throw asTransient(error as WixError);
        current = this.remote(fresh, current.id);
      }
    }
  }

  update(remote: RemoteProduct, fields: ProductFields): Promise<RemoteProduct> {
    return this.patch(remote, (current) => this.payload(fields, "update", current));
  }

  setVisible(remote: RemoteProduct, visible: boolean): Promise<RemoteProduct> {
    return this.patch(remote, () => ({ visible }));
  }
}

/** Reads id, revision, default variant and page URL from a V3 product. */
export function v3Remote(product: V3Product, fallbackId?: string): RemoteProduct {
  return {
    id: productId(product, fallbackId),
    revision: product.revision ?? null,
    variantId: product.variantsInfo?.variants?.[0]?.id ?? null,
    pageUrl: v3PageUrl(product),
  };
}

export function withIdentity(
  product: V3Product,
  remote: RemoteProduct,
): V3Product & { id: string; revision: string } {
  return { ...product, id: remote.id, revision: remote.revision ?? "0" };
}
