/**
 * Catalog V3 Query Products and Search Products, with cursor paging.
 *
 * Query Products filters only on the fields its SDK query spec lists (`V3ProductQuerySpec` in
 * `@wix/auto_sdk_stores_products-v-3` 1.0.226). SKU and barcode lookups go through Search
 * Products, whose spec lists `variantsInfo.variants.sku` and `variantsInfo.variants.barcode`,
 * either directly or inside `{"variantsInfo.variants": {"$matchItems": [...]}}`.
 */
import { ViolationList } from "./errors.js";
import {
  checkOperators,
  equalityValues,
  filterFields,
  matches,
  sortItems,
  type SortSpec,
} from "./filter.js";
import { isObject } from "./json.js";
import { V3_LIMITS } from "./limits.js";
import type { CatalogStore } from "./store.js";
import type { V3Context } from "./v3-products.js";
import { projectV3Product } from "./v3-projection.js";
import type { V3Product, V3QueryProductsResponse } from "./wix-types.js";

const QUERY_FILTER_FIELDS = new Set([
  "id",
  "handle",
  "slug",
  "visible",
  "createdDate",
  "updatedDate",
  "options.id",
]);
const QUERY_SORT_FIELDS = new Set(["createdDate", "updatedDate", "slug", "visible"]);

interface CursorState {
  kind: "query" | "search";
  filter: unknown;
  sort: SortSpec[];
  expression: string;
  offset: number;
}

/** Rename SDK-style `_id` and `_createdDate` keys to the REST names the products carry. */
function restFieldName(field: string): string {
  return field
    .split(".")
    .map((part) => (part.startsWith("_") && part !== "_" ? part.slice(1) : part))
    .join(".");
}

function renameFilterFields(filter: unknown): unknown {
  if (Array.isArray(filter)) return filter.map(renameFilterFields);
  if (!isObject(filter)) return filter;
  return Object.fromEntries(
    Object.entries(filter).map(([key, value]) => [
      key.startsWith("$") ? key : restFieldName(key),
      renameFilterFields(value),
    ]),
  );
}

function encodeCursor(state: CursorState): string {
  return Buffer.from(JSON.stringify(state)).toString("base64url");
}

function decodeCursor(cursor: string, kind: CursorState["kind"]): CursorState {
  try {
    const state = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as CursorState;
    if (state.kind === kind && typeof state.offset === "number") return state;
  } catch {
    // Fall through to the validation error.
  }
  const violations = new ViolationList();
  violations.add({
    field: `${kind}.cursorPaging.cursor`,
    description: `${kind}.cursorPaging.cursor is not a cursor this endpoint returned; pass pagingMetadata.cursors.next from the previous page.`,
    violatedRule: "FORMAT",
  });
  violations.throwIfAny();
  throw new Error("unreachable");
}

function parseSort(raw: unknown, field: string, allowed: Set<string> | undefined): SortSpec[] {
  const violations = new ViolationList();
  violations.arraySize(field, raw, 0, V3_LIMITS.query.sortMaxSize);
  violations.throwIfAny();
  const list = Array.isArray(raw) ? raw : [];
  const sort = list.map((entry: unknown, index): SortSpec => {
    const item = isObject(entry) ? entry : {};
    const fieldName = restFieldName(String(item.fieldName ?? ""));
    if (allowed && !allowed.has(fieldName)) {
      violations.add({
        field: `${field}[${index}].fieldName`,
        description: `Query Products cannot sort by "${fieldName}"; it sorts by ${[...allowed].join(", ")}.`,
        violatedRule: "OTHER",
        ruleName: "UNSUPPORTED_SORT_FIELD",
      });
    }
    return {
      fieldName,
      order: String(item.order ?? "ASC").toUpperCase() === "DESC" ? "DESC" : "ASC",
    };
  });
  violations.throwIfAny();
  return sort;
}

function checkQueryFilterFields(filter: unknown): void {
  const violations = new ViolationList();
  for (const field of filterFields(filter)) {
    if (QUERY_FILTER_FIELDS.has(field)) continue;
    const hint = field.startsWith("variantsInfo")
      ? " Look products up by SKU or barcode with Search Products (POST /stores/v3/products/search)."
      : "";
    violations.add({
      field: `query.filter.${field}`,
      description: `Query Products cannot filter on "${field}"; it filters on ${[...QUERY_FILTER_FIELDS].join(", ")}.${hint}`,
      violatedRule: "OTHER",
      ruleName: "UNSUPPORTED_FILTER_FIELD",
    });
  }
  violations.throwIfAny();
}

function matchesExpression(product: V3Product, expression: string): boolean {
  if (expression === "") return true;
  const text = [
    product.name,
    product.plainDescription,
    ...(product.variantsInfo?.variants ?? []).flatMap((variant) => [variant.sku, variant.barcode]),
  ]
    .filter((value): value is string => typeof value === "string")
    .join(" ")
    .toLowerCase();
  return expression
    .toLowerCase()
    .split(/\s+/)
    .every((word) => text.includes(word));
}

function matchItemsSkus(filter: unknown): unknown[] | undefined {
  const variants = isObject(filter) ? filter["variantsInfo.variants"] : undefined;
  const conditions = isObject(variants) ? variants.$matchItems : undefined;
  if (!Array.isArray(conditions)) return undefined;
  for (const condition of conditions) {
    const skus = equalityValues(condition, "sku");
    if (skus) return skus;
  }
  return undefined;
}

/**
 * Narrow the products to scan with the SKU index or the id map when the filter pins SKUs or
 * ids. The caller still checks the whole filter on each candidate.
 */
function candidateProducts(filter: unknown, store: CatalogStore): V3Product[] {
  const skus = equalityValues(filter, "variantsInfo.variants.sku") ?? matchItemsSkus(filter);
  const ids = equalityValues(filter, "id");
  let candidateIds: string[] | undefined;
  if (skus) {
    candidateIds = skus
      .map((sku) => store.v3SkuOwners.get(String(sku)))
      .filter((id): id is string => id !== undefined);
  } else if (ids) {
    candidateIds = ids.map(String).filter((id) => store.v3.has(id));
  }
  if (!candidateIds) return [...store.v3.values()];
  return store.byCreationOrder(new Set(candidateIds)).map((id) => store.v3.get(id) as V3Product);
}

interface PageRequest {
  kind: CursorState["kind"];
  body: Record<string, unknown>;
  /** `query` for Query Products, `search` for Search Products. */
  container: Record<string, unknown>;
}

function runPage(
  { kind, body, container }: PageRequest,
  context: V3Context,
): V3QueryProductsResponse {
  const paging = isObject(container.cursorPaging) ? container.cursorPaging : {};
  const violations = new ViolationList();
  const limit = (paging.limit as number | undefined) ?? V3_LIMITS.query.limitDefault;
  violations.numberRange(`${kind}.cursorPaging.limit`, limit, 0, V3_LIMITS.query.limitMax);
  violations.stringLength(
    `${kind}.cursorPaging.cursor`,
    paging.cursor,
    0,
    V3_LIMITS.query.cursorMaxLength,
  );
  violations.arraySize("fields", body.fields, 0, V3_LIMITS.fieldsMaxSize);
  violations.throwIfAny();

  let state: CursorState;
  if (typeof paging.cursor === "string" && paging.cursor !== "") {
    state = decodeCursor(paging.cursor, kind);
  } else {
    const filter = renameFilterFields(container.filter ?? {});
    checkOperators(filter, `${kind}.filter`);
    if (kind === "query") checkQueryFilterFields(filter);
    const search = isObject(container.search) ? container.search : {};
    state = {
      kind,
      filter,
      sort: parseSort(
        container.sort,
        `${kind}.sort`,
        kind === "query" ? QUERY_SORT_FIELDS : undefined,
      ),
      expression: typeof search.expression === "string" ? search.expression.trim() : "",
      offset: 0,
    };
  }

  const candidates = candidateProducts(state.filter, context.store).filter(
    (product) => matches(product, state.filter) && matchesExpression(product, state.expression),
  );
  const sorted = sortItems(candidates, state.sort);
  const page = sorted.slice(state.offset, state.offset + limit);
  const hasNext = state.offset + limit < sorted.length;
  const fields = Array.isArray(body.fields) ? body.fields.map(String) : [];
  return {
    products: page.map((product) => projectV3Product(product, fields, "list", context)),
    pagingMetadata: {
      count: page.length,
      cursors: {
        next: hasNext ? encodeCursor({ ...state, offset: state.offset + limit }) : null,
        prev:
          state.offset > 0
            ? encodeCursor({ ...state, offset: Math.max(0, state.offset - limit) })
            : null,
      },
      hasNext,
    },
  };
}

export function queryV3Products(body: unknown, context: V3Context): V3QueryProductsResponse {
  const request = isObject(body) ? body : {};
  const query = isObject(request.query) ? request.query : {};
  return runPage({ kind: "query", body: request, container: query }, context);
}

export function searchV3Products(body: unknown, context: V3Context): V3QueryProductsResponse {
  const request = isObject(body) ? body : {};
  const search = isObject(request.search) ? request.search : {};
  return runPage({ kind: "search", body: request, container: search }, context);
}
