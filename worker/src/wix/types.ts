// Request and response bodies of the Wix REST calls we make, from the official SDK typings
// (`@wix/auto_sdk_stores_*`, the `/meta` entry, which carries the REST shapes).
export type {
  AddProductMediaRequestOriginal as V1AddMediaRequest,
  CreateProductRequestOriginal as V1CreateProductRequest,
  CreateProductResponseOriginal as V1CreateProductResponse,
  ProductOriginal as V1Product,
  QueryProductsRequestOriginal as V1QueryProductsRequest,
  QueryProductsResponseOriginal as V1QueryProductsResponse,
  UpdateProductRequestOriginal as V1UpdateProductRequest,
  UpdateProductResponseOriginal as V1UpdateProductResponse,
} from "@wix/auto_sdk_stores_products/meta";
export type {
  BulkCreateProductsRequestOriginal as V3BulkCreateRequest,
  BulkCreateProductsResponseOriginal as V3BulkCreateResponse,
  BulkUpdateProductsRequestOriginal as V3BulkUpdateRequest,
  BulkUpdateProductsResponseOriginal as V3BulkUpdateResponse,
  CreateProductRequestOriginal as V3CreateProductRequest,
  CreateProductResponseOriginal as V3CreateProductResponse,
  UpdateProductRequestOriginal as V3UpdateProductRequest,
  UpdateProductResponseOriginal as V3UpdateProductResponse,
  V3GetProductResponseOriginal as V3GetProductResponse,
  V3ProductOriginal as V3Product,
  V3QueryProductsRequestOriginal as V3QueryProductsRequest,
  V3QueryProductsResponseOriginal as V3QueryProductsResponse,
  V3SearchProductsRequestOriginal as V3SearchProductsRequest,
  V3SearchProductsResponseOriginal as V3SearchProductsResponse,
  VariantOriginal as V3Variant,
} from "@wix/auto_sdk_stores_products-v-3/meta";
export type { GetCatalogVersionResponseOriginal as GetCatalogVersionResponse } from "@wix/auto_sdk_stores_catalog-versioning/meta";
