/**
 * REST shapes of the Wix Stores calls the sandbox serves, taken from the official SDK typings.
 *
 * The `meta` entry point of each `@wix/auto_sdk_stores_*` package declares the REST request and
 * response types. Those types declare timestamps as `Date`, while the JSON on the wire carries ISO
 * strings, so `RestJson` maps every `Date` to `string`.
 */
import type {
  GetCatalogVersionResponseOriginal,
  VersionWithLiteralsOriginal,
} from "@wix/auto_sdk_stores_catalog-versioning/meta";
import type {
  AddProductMediaRequestOriginal,
  CreateProductRequestOriginal as V1CreateProductRequestOriginal,
  MediaItemOriginal as V1MediaItemOriginal,
  ProductOriginal as V1ProductOriginal,
  QueryProductsRequestOriginal as V1QueryProductsRequestOriginal,
  QueryProductsResponseOriginal as V1QueryProductsResponseOriginal,
  RemoveProductMediaRequestOriginal,
  UpdateProductRequestOriginal as V1UpdateProductRequestOriginal,
  VariantOriginal as V1VariantOriginal,
} from "@wix/auto_sdk_stores_products/meta";
import type {
  ApplicationErrorOriginal,
  BulkCreateProductsRequestOriginal,
  BulkCreateProductsResponseOriginal,
  BulkUpdateProductsRequestOriginal,
  BulkUpdateProductsResponseOriginal,
  CommonCursorPagingMetadataOriginal,
  CreateProductRequestOriginal as V3CreateProductRequestOriginal,
  ProductMediaOriginal as V3ProductMediaOriginal,
  UpdateProductRequestOriginal as V3UpdateProductRequestOriginal,
  V3BulkDeleteProductsRequestOriginal,
  V3BulkDeleteProductsResponseOriginal,
  V3ProductOriginal,
  V3QueryProductsRequestOriginal,
  V3QueryProductsResponseOriginal,
  V3SearchProductsRequestOriginal,
  VariantOriginal as V3VariantOriginal,
} from "@wix/auto_sdk_stores_products-v-3/meta";

/** A typing with every `Date` replaced by the ISO string that REST JSON carries. */
export type RestJson<T> = T extends Date
  ? string
  : T extends (infer Item)[]
    ? RestJson<Item>[]
    : T extends object
      ? { [Key in keyof T]: RestJson<T[Key]> }
      : T;

export type CatalogVersionName = VersionWithLiteralsOriginal;
export type GetCatalogVersionResponse = RestJson<GetCatalogVersionResponseOriginal>;

export type V1Product = RestJson<V1ProductOriginal>;
export type V1Variant = RestJson<V1VariantOriginal>;
export type V1MediaItem = RestJson<V1MediaItemOriginal>;
export type V1CreateProductRequest = RestJson<V1CreateProductRequestOriginal>;
export type V1UpdateProductRequest = RestJson<V1UpdateProductRequestOriginal>;
export type V1QueryProductsResponse = RestJson<V1QueryProductsResponseOriginal>;
export type V1AddProductMediaRequest = RestJson<AddProductMediaRequestOriginal>;
export type V1RemoveProductMediaRequest = RestJson<RemoveProductMediaRequestOriginal>;

/**
 * V1 Query Products request. The typings declare `filter` and `sort` as JSON strings, and SDK
 * clients send objects, so the sandbox accepts both.
 */
export type V1QueryProductsRequest = Omit<RestJson<V1QueryProductsRequestOriginal>, "query"> & {
  query?: {
    filter?: string | Record<string, unknown> | null;
    sort?: string | unknown[] | null;
    paging?: { limit?: number | null; offset?: number | null };
  };
};

export type V3Product = RestJson<V3ProductOriginal>;
export type V3Variant = RestJson<V3VariantOriginal>;
export type V3ProductMedia = RestJson<V3ProductMediaOriginal>;
export type V3CreateProductRequest = RestJson<V3CreateProductRequestOriginal>;
export type V3UpdateProductRequest = RestJson<V3UpdateProductRequestOriginal>;
export type V3QueryProductsRequest = RestJson<V3QueryProductsRequestOriginal>;
export type V3QueryProductsResponse = RestJson<V3QueryProductsResponseOriginal>;
export type V3SearchProductsRequest = RestJson<V3SearchProductsRequestOriginal>;
export type V3CursorPagingMetadata = RestJson<CommonCursorPagingMetadataOriginal>;
export type V3BulkCreateProductsRequest = RestJson<BulkCreateProductsRequestOriginal>;
export type V3BulkCreateProductsResponse = RestJson<BulkCreateProductsResponseOriginal>;
export type V3BulkUpdateProductsRequest = RestJson<BulkUpdateProductsRequestOriginal>;
export type V3BulkUpdateProductsResponse = RestJson<BulkUpdateProductsResponseOriginal>;
export type V3BulkDeleteProductsRequest = RestJson<V3BulkDeleteProductsRequestOriginal>;
export type V3BulkDeleteProductsResponse = RestJson<V3BulkDeleteProductsResponseOriginal>;

export type ApplicationError = RestJson<ApplicationErrorOriginal>;

/** One entry of `details.validationError.fieldViolations` in a Wix 400 response. */
export interface FieldViolation {
  field: string;
  description: string;
  violatedRule: string;
  ruleName?: string;
  data?: Record<string, unknown>;
}

/** Body of a Wix error response. Server errors (5xx) have no body at all. */
export interface WixErrorBody {
  message: string;
  details: {
    applicationError?: ApplicationError;
    validationError?: { fieldViolations: FieldViolation[] };
  };
}
