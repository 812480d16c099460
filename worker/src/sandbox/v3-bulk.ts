/**
 * Catalog V3 bulk create, update and delete. Each item succeeds or fails on its own, and the
 * response is 200 with one result per item, in request order, and totals in `bulkActionMetadata`.
 */
import { ViolationList, WixHttpError } from "./errors.js";
import { isObject } from "./json.js";
import { V3_LIMITS } from "./limits.js";
import {
  createV3Product,
  deleteV3Product,
  updateV3Product,
  type V3Context,
} from "./v3-products.js";
import { projectV3Product } from "./v3-projection.js";
import type {
  ApplicationError,
  V3BulkCreateProductsResponse,
  V3BulkDeleteProductsResponse,
  V3Product,
} from "./wix-types.js";

interface ItemResult {
  itemMetadata: {
    id?: string | null;
    originalIndex: number;
    success: boolean;
    error?: ApplicationError;
  };
  item?: V3Product;
}

/**
 * Turn a thrown error response into a per-item error. A field violation becomes code `INVALID_ARGUMENT`
 * with the violations in `data`.
 */
// NOTE: the per-item code for field violations is an assumption; the SDK typings do not name one.
function itemError(error: unknown): ApplicationError {
  if (!(error instanceof WixHttpError)) throw error;
  const { applicationError, validationError } = error.body.details;
  if (applicationError) return applicationError;
  return {
    code: "INVALID_ARGUMENT",
    description: error.body.message,
    data: { fieldViolations: validationError?.fieldViolations ?? [] },
  };
}

function checkList(field: string, list: unknown): unknown[] {
  const violations = new ViolationList();
  const limits = V3_LIMITS.bulk;
  if (list === undefined || list === null) violations.required(field);
  violations.arraySize(field, list, limits.productsMinSize, limits.productsMaxSize);
  violations.throwIfAny();
  return list as unknown[];
}

function summarize(results: ItemResult[]) {
  const totalSuccesses = results.filter((result) => result.itemMetadata.success).length;
  return {
    results,
    bulkActionMetadata: {
      totalSuccesses,
      totalFailures: results.length - totalSuccesses,
      undetailedFailures: 0,
    },
  };
}

function requestOptions(body: Record<string, unknown>) {
  return {
    returnEntity: body.returnEntity === true,
    fields: Array.isArray(body.fields) ? body.fields.map(String) : [],
  };
}

export function bulkCreateV3Products(
  body: unknown,
  context: V3Context,
): V3BulkCreateProductsResponse {
  const request = isObject(body) ? body : {};
  const products = checkList("products", request.products);
  const { returnEntity, fields } = requestOptions(request);
  const results = products.map((product, originalIndex): ItemResult => {
    try {
      const created = createV3Product(product, context);
      return {
        itemMetadata: { id: created.id, originalIndex, success: true },
        ...(returnEntity ? { item: projectV3Product(created, fields, "single", context) } : {}),
      };
    } catch (error) {
      return { itemMetadata: { id: null, originalIndex, success: false, error: itemError(error) } };
    }
  });
  return summarize(results);
}

export function bulkUpdateV3Products(
  body: unknown,
  context: V3Context,
): V3BulkCreateProductsResponse {
  const request = isObject(body) ? body : {};
  const products = checkList("products", request.products);
  const { returnEntity, fields } = requestOptions(request);
  const results = products.map((masked, originalIndex): ItemResult => {
    const product = isObject(masked) && isObject(masked.product) ? masked.product : undefined;
    const id = typeof product?.id === "string" ? product.id : undefined;
    try {
      if (!id) {
        const violations = new ViolationList();
        violations.required(`products[${originalIndex}].product.id`);
        violations.throwIfAny();
      }
      const updated = updateV3Product(id as string, product, context);
      return {
        itemMetadata: { id, originalIndex, success: true },
        ...(returnEntity ? { item: projectV3Product(updated, fields, "single", context) } : {}),
      };
    } catch (error) {
      return {
        itemMetadata: { id: id ?? null, originalIndex, success: false, error: itemError(error) },
      };
    }
  });
  return summarize(results);
}

export function bulkDeleteV3Products(
  body: unknown,
  context: V3Context,
): V3BulkDeleteProductsResponse {
  const request = isObject(body) ? body : {};
  const productIds = checkList("productIds", request.productIds);
  const results = productIds.map((id, originalIndex): ItemResult => {
    try {
      deleteV3Product(String(id), context);
      return { itemMetadata: { id: String(id), originalIndex, success: true } };
    } catch (error) {
      return {
        itemMetadata: { id: String(id), originalIndex, success: false, error: itemError(error) },
      };
    }
  });
  return summarize(results);
}
