import type { WixClient } from "./client.js";
import { ProductCalls } from "./product-calls.js";
import type {
  V3BulkCreateRequest,
  V3BulkCreateResponse,
  V3BulkUpdateRequest,
  V3BulkUpdateResponse,
  V3CreateProductRequest,
  V3CreateProductResponse,
  V3GetProductResponse,
  V3Product,
  V3SearchProductsRequest,
  V3SearchProductsResponse,
  V3UpdateProductRequest,
  V3UpdateProductResponse,
} from "./types.js";

const PRODUCTS = "/stores/v3/products";
const BULK = "/stores/v3/bulk/products";
/** Asks Wix to return the product page URL with every written product, for the sync result. */
const WRITE_FIELDS = ["URL"] as const;
/** A read also returns the description, so it can be compared with what an update meant to write. */
const READ_QUERY = "?fields=URL&fields=PLAIN_DESCRIPTION";
/** Wix's maximum number of products in one bulk call. */
export const V3_BULK_MAX = 100;

/** One entry of a V3 bulk response, flattened. */
export interface V3BulkOutcome {
  originalIndex: number;
  success: boolean;
  product: V3Product | null;
  error: { code?: string; description?: string } | null;
  /** This item's entry of the response, as Wix sent it. */
  raw: BulkResult;
}

/** Catalog V3 product calls. */
export class V3Products extends ProductCalls {
  constructor(client: WixClient) {
    super(client, PRODUCTS, "V3");
  }

  async create(product: V3Product): Promise<V3Product> {
    const body: V3CreateProductRequest = { product, fields: [...WRITE_FIELDS] };
    const response = await this.client.request<V3CreateProductResponse>({
      method: "POST",
      path: PRODUCTS,
      body,
      // V3 rejects a second product with the same SKU, so when a create with a SKU committed and
      // its response was lost, its repeat gets SKU_ALREADY_EXIST and the sync adopts the product.
      idempotent: Boolean(product.variantsInfo?.variants?.some((variant) => variant.sku)),
      operation: "create V3 product",
      route: PRODUCTS,
    });
    return response.product ?? {};
  }

  /** PATCHes a product; `product.id` and `product.revision` are required, and a stale revision gets 409. */
  async update(product: V3Product & { id: string; revision: string }): Promise<V3Product> {
    const body: V3UpdateProductRequest = { product, fields: [...WRITE_FIELDS] };
    const response = await this.onProduct<V3UpdateProductResponse>(product.id, {
      method: "PATCH",
      action: "update",
      body,
    });
    return response.product ?? {};
  }

  async get(id: string): Promise<V3Product> {
    const response = await this.onProduct<V3GetProductResponse>(id, {
      method: "GET",
      action: "get",
      query: READ_QUERY,
    });
    return response.product ?? {};
  }

  /**
   * Returns the products with a variant whose SKU equals `sku`. Wix's Query Products cannot filter on
   * variant fields, so this uses Search Products, whose spec lists `variantsInfo.variants.sku`.
   */
  async findBySku(sku: string): Promise<V3Product[]> {
    const body: V3SearchProductsRequest = {
      search: {
        filter: { "variantsInfo.variants.sku": { $eq: sku } },
        cursorPaging: { limit: 10 },
      },
    };
    const response = await this.client.request<V3SearchProductsResponse>({
      method: "POST",
      path: `${PRODUCTS}/search`,
      body,
      idempotent: true,
      operation: `search V3 products by SKU ${sku}`,
      route: `${PRODUCTS}/search`,
    });
    return response.products ?? [];
  }

  async bulkCreate(products: V3Product[]): Promise<V3BulkOutcome[]> {
    const body: V3BulkCreateRequest = { products, returnEntity: true, fields: [...WRITE_FIELDS] };
    const response = await this.client.request<V3BulkCreateResponse>({
      method: "POST",
      path: `${BULK}/create`,
      body,
      idempotent: false,
      operation: `bulk create ${products.length} V3 products`,
      route: `${BULK}/create`,
    });
    return flattenBulk(response.results ?? []);
  }

  async bulkUpdate(
    products: (V3Product & { id: string; revision: string })[],
  ): Promise<V3BulkOutcome[]> {
    const body: V3BulkUpdateRequest = {
      products: products.map((product) => ({ product })),
      returnEntity: true,
      fields: [...WRITE_FIELDS],
    };
    const response = await this.client.request<V3BulkUpdateResponse>({
      method: "POST",
      path: `${BULK}/update`,
      body,
      idempotent: true,
      operation: `bulk update ${products.length} V3 products`,
      route: `${BULK}/update`,
    });
    return flattenBulk(response.results ?? []);
  }
}

type BulkResult = NonNullable<V3BulkCreateResponse["results"]>[number];

function flattenBulk(results: BulkResult[]): V3BulkOutcome[] {
  return results.map((result, index) => {
    const metadata = result.itemMetadata ?? {};
    const error = (metadata.error ?? null) as { code?: string; description?: string } | null;
    return {
      originalIndex: metadata.originalIndex ?? index,
      success: metadata.success ?? !error,
      product: (result.item as V3Product | undefined) ?? null,
      error,
      raw: result,
    };
  });
}
