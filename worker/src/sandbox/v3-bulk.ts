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

/** One entry of a bulk request, prepared for writing. */
interface BulkEntry {
  /** The id in the result when the entry fails: the request's id, or null for a create. */
  id: string | null;
  /** Writes the entry and returns its id and the saved product. Throws an error response on failure. */
  write(): { id: string | null | undefined; saved?: V3Product };
}

/**
 * Writes each entry of the request's `field` list on its own. A failed entry gets its error in its
 * result and the rest go on. A saved product is returned only when the request sets `returnEntity`.
 */
function runBulk(
  body: unknown,
  field: "products" | "productIds",
  context: V3Context,
  prepare: (entry: unknown, originalIndex: number) => BulkEntry,
) {
  const request = isObject(body) ? body : {};
  const entries = checkList(field, request[field]);
  // A delete returns no products, so it reads neither returnEntity nor fields.
  const { returnEntity, fields } =
    field === "products" ? requestOptions(request) : { returnEntity: false, fields: [] };
  const results = entries.map((entry, originalIndex): ItemResult => {
    const { id, write } = prepare(entry, originalIndex);
    try {
      const { id: writtenId, saved } = write();
      return {
        itemMetadata: { id: writtenId, originalIndex, success: true },
        ...(returnEntity && saved
          ? { item: projectV3Product(saved, fields, "single", context) }
          : {}),
      };
    } catch (error) {
      return { itemMetadata: { id, originalIndex, success: false, error: itemError(error) } };
    }
  });
  return summarize(results);
}

export function bulkCreateV3Products(
  body: unknown,
  context: V3Context,
): V3BulkCreateProductsResponse {
  return runBulk(body, "products", context, (product) => ({
    id: null,
    write() {
      const created = createV3Product(product, context);
      return { id: created.id, saved: created };
    },
  }));
}

export function bulkUpdateV3Products(
  body: unknown,
  context: V3Context,
): V3BulkCreateProductsResponse {
  return runBulk(body, "products", context, (masked, originalIndex) => {
    const product = isObject(masked) && isObject(masked.product) ? masked.product : undefined;
    const id = typeof product?.id === "string" ? product.id : undefined;
    return {
      id: id ?? null,
      write() {
        if (!id) {
          const violations = new ViolationList();
          violations.required(`products[${originalIndex}].product.id`);
          violations.throwIfAny();
        }
        return { id, saved: updateV3Product(id as string, product, context) };
      },
    };
  });
}

export function bulkDeleteV3Products(
  body: unknown,
  context: V3Context,
): V3BulkDeleteProductsResponse {
  return runBulk(body, "productIds", context, (id) => ({
    id: String(id),
    write() {
      deleteV3Product(String(id), context);
      return { id: String(id) };
    },
  }));
}
