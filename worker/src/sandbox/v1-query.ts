/** Catalog V1 Query Products, with offset paging, and its reads under `/stores-reader/v1`. */
import { ViolationList } from "./errors.js";
import { checkOperators, equalityValues, matches, sortItems, type SortSpec } from "./filter.js";
import { isObject } from "./json.js";
import { V1_LIMITS } from "./limits.js";
import { cloneJson } from "./store.js";
import type { V1Context } from "./v1-derive.js";
import type { V1Product, V1QueryProductsRequest, V1QueryProductsResponse } from "./wix-types.js";

function parseJsonParameter(name: string, value: unknown): unknown {
  if (typeof value !== "string") return value;
  if (value.trim() === "") return undefined;
  try {
    return JSON.parse(value);
  } catch {
    const violations = new ViolationList();
    violations.add({
      field: `query.${name}`,
      description: `query.${name} is not valid JSON: ${value.slice(0, 200)}`,
      violatedRule: "FORMAT",
      data: { type: "JSON" },
    });
    violations.throwIfAny();
  }
}

/** Read V1 sort, which is a list of `{field: "asc"|"desc"}` or `{fieldName, order}` entries. */
function parseV1Sort(raw: unknown): SortSpec[] {
  let list: unknown[] = [];
  if (Array.isArray(raw)) list = raw;
  else if (raw) list = [raw];
  return list.flatMap((entry: unknown): SortSpec[] => {
    if (!isObject(entry)) return [];
    if (typeof entry.fieldName === "string") {
      return [
        {
          fieldName: entry.fieldName,
          order: String(entry.order ?? "ASC").toUpperCase() === "DESC" ? "DESC" : "ASC",
        },
      ];
    }
    return Object.entries(entry).map(([fieldName, order]) => ({
      fieldName,
      order: String(order).toUpperCase() === "DESC" ? "DESC" : "ASC",
    }));
  });
}

export function queryV1Products(body: unknown, context: V1Context): V1QueryProductsResponse {
  const request = (isObject(body) ? body : {}) as V1QueryProductsRequest;
  const query = request.query ?? {};
  const filter = parseJsonParameter("filter", query.filter);
  const sort = parseV1Sort(parseJsonParameter("sort", query.sort));
  const limits = V1_LIMITS.query;
  const limit = query.paging?.limit ?? limits.limitDefault;
  const offset = query.paging?.offset ?? 0;
  const violations = new ViolationList();
  if (filter !== undefined && filter !== null && !isObject(filter)) {
    violations.add({
      field: "query.filter",
      description: "query.filter must be a JSON object.",
      violatedRule: "FORMAT",
    });
  }
  violations.numberRange("query.paging.limit", limit, 0, limits.limitMax);
  violations.numberRange("query.paging.offset", offset, 0, limits.offsetMax);
  violations.throwIfAny();
  checkOperators(filter);

  const { store } = context;
  const skus = equalityValues(filter, "sku");
  // A SKU lookup, the worker's adopt-by-SKU step, reads the index instead of every product.
  let products = skus
    ? store
        .byCreationOrder(new Set(skus.flatMap((sku) => store.v1IdsBySku(String(sku)))))
        .map((id) => store.v1.get(id) as V1Product)
    : [...store.v1.values()];
  if (!request.includeHiddenProducts) products = products.filter((product) => product.visible);
  products = products.filter((product) => matches(product, filter));
  // Products are kept in creation order, which is also ascending numericId, Wix's default order.
  const sorted = sortItems(products, sort);
  const page = sorted.slice(offset, offset + limit).map((product) => {
    const copy = cloneJson(product);
    if (!request.includeVariants) copy.variants = [];
    return copy;
  });
  return { products: page, metadata: { items: limit, offset }, totalResults: sorted.length };
}
