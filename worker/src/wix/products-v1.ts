import type { WixClient } from "./client.js";
import { ProductCalls } from "./product-calls.js";
import type {
  V1AddMediaRequest,
  V1CreateProductRequest,
  V1CreateProductResponse,
  V1Product,
  V1QueryProductsResponse,
  V1UpdateProductRequest,
  V1UpdateProductResponse,
} from "./types.js";

const PRODUCTS = "/stores/v1/products";

/** Catalog V1 product calls. */
export class V1Products extends ProductCalls {
  constructor(client: WixClient) {
    super(client, PRODUCTS, "V1");
  }

  async create(product: V1Product): Promise<V1Product> {
    const body: V1CreateProductRequest = { product };
    const response = await this.client.request<V1CreateProductResponse>({
      method: "POST",
      path: PRODUCTS,
      body,
      idempotent: false,
      operation: "create V1 product",
      route: PRODUCTS,
    });
    return response.product ?? {};
  }

  async update(id: string, product: V1Product): Promise<V1Product> {
    const body: V1UpdateProductRequest = { product };
    const response = await this.onProduct<V1UpdateProductResponse>(id, {
      method: "PATCH",
      action: "update",
      body,
    });
    return response.product ?? {};
  }

  /** Returns the products whose SKU equals `sku`, hidden ones included (Wix leaves them out otherwise). */
  async findBySku(sku: string): Promise<V1Product[]> {
    const response = await this.client.request<V1QueryProductsResponse>({
      method: "POST",
      path: `${PRODUCTS}/query`,
      body: {
        query: { filter: JSON.stringify({ sku: { $eq: sku } }), paging: { limit: 10, offset: 0 } },
        includeHiddenProducts: true,
      },
      idempotent: true,
      operation: `query V1 products by SKU ${sku}`,
      route: `${PRODUCTS}/query`,
    });
    return (response.products ?? []).filter((product) => product.sku === sku);
  }

  async addMedia(id: string, urls: string[]): Promise<void> {
    const body: Omit<V1AddMediaRequest, "id"> = { media: urls.map((url) => ({ url })) };
    await this.onProduct(id, {
      method: "POST",
      action: "add media to",
      subpath: "/media",
      body,
      idempotent: false,
    });
  }

  /** Removes every media item of a product (Wix treats an empty `mediaIds` list as "all"). */
  async removeAllMedia(id: string): Promise<void> {
    await this.onProduct(id, {
      method: "POST",
      action: "remove media of",
      subpath: "/media/delete",
      body: { mediaIds: [] },
    });
  }
}
