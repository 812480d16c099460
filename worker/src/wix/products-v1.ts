import type { WixClient } from "./client.js";
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
export class V1Products {
  constructor(private readonly client: WixClient) {}

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
    const response = await this.client.request<V1UpdateProductResponse>({
      method: "PATCH",
      path: `${PRODUCTS}/${encodeURIComponent(id)}`,
      body,
      idempotent: true,
      operation: `update V1 product ${id}`,
      route: `${PRODUCTS}/{id}`,
    });
    return response.product ?? {};
  }

  async delete(id: string): Promise<void> {
    await this.client.request({
      method: "DELETE",
      path: `${PRODUCTS}/${encodeURIComponent(id)}`,
      idempotent: true,
      operation: `delete V1 product ${id}`,
      route: `${PRODUCTS}/{id}`,
    });
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
    await this.client.request({
      method: "POST",
      path: `${PRODUCTS}/${encodeURIComponent(id)}/media`,
      body,
      idempotent: false,
      operation: `add media to V1 product ${id}`,
      route: `${PRODUCTS}/{id}/media`,
    });
  }

  /** Removes every media item of a product (Wix treats an empty `mediaIds` list as "all"). */
  async removeAllMedia(id: string): Promise<void> {
    await this.client.request({
      method: "POST",
      path: `${PRODUCTS}/${encodeURIComponent(id)}/media/delete`,
      body: { mediaIds: [] },
      idempotent: true,
      operation: `remove media of V1 product ${id}`,
      route: `${PRODUCTS}/{id}/media/delete`,
    });
  }
}
