import type { WixClient, WixRequest } from "./client.js";

/** A call on one product, sent to the product's URL or to a path below it. */
export interface ProductCall {
  method: WixRequest["method"];
  /** The verb phrase of the operation name: "update" gives "update V3 product <id>". */
  action: string;
  /** A path below the product's URL, such as "/media". The metrics route includes it too. */
  subpath?: string;
  /** A query string for the URL only, such as "?fields=URL". The metrics route does not include it. */
  query?: string;
  body?: unknown;
  /** As in WixRequest: false for a call that may take effect without a response. Default true. */
  idempotent?: boolean;
}

/** Base class of the Catalog V1 and V3 product calls: calls on one product by id, and delete. */
export abstract class ProductCalls {
  constructor(
    protected readonly client: WixClient,
    /** The products path, such as /stores/v3/products. */
    private readonly collection: string,
    private readonly version: "V1" | "V3",
  ) {}

  /** Sends `call` to the product `id`. Its metrics route is `<collection>/{id}` and the subpath. */
  protected onProduct<T>(id: string, call: ProductCall): Promise<T> {
    const subpath = call.subpath ?? "";
    return this.client.request<T>({
      method: call.method,
      path: `${this.collection}/${encodeURIComponent(id)}${subpath}${call.query ?? ""}`,
      ...(call.body === undefined ? {} : { body: call.body }),
      idempotent: call.idempotent ?? true,
      operation: `${call.action} ${this.version} product ${id}`,
      route: `${this.collection}/{id}${subpath}`,
    });
  }

  async delete(id: string): Promise<void> {
    await this.onProduct(id, { method: "DELETE", action: "delete" });
  }
}
