/** The Wix REST routes the sandbox serves, and which catalog version each belongs to. */
import { applicationError } from "./errors.js";
import { isObject } from "./json.js";
import type { SandboxCatalogVersion } from "./options.js";
import type { V1Context } from "./v1-derive.js";
import { addV1Media, removeV1Media } from "./v1-media.js";
import { createV1Product, deleteV1Product, getV1Product, updateV1Product } from "./v1-products.js";
import { queryV1Products } from "./v1-query.js";
import { bulkCreateV3Products, bulkDeleteV3Products, bulkUpdateV3Products } from "./v3-bulk.js";
import {
  createV3Product,
  deleteV3Product,
  getV3Product,
  updateV3Product,
  type V3Context,
} from "./v3-products.js";
import { projectV3Product, requestedFields } from "./v3-projection.js";
import { queryV3Products, searchV3Products } from "./v3-query.js";
import type { GetCatalogVersionResponse } from "./wix-types.js";

export interface RouteRequest {
  params: Record<string, string>;
  searchParams: URLSearchParams;
  body: unknown;
  catalog: V1Context & V3Context;
  catalogVersion: SandboxCatalogVersion;
  siteId: string;
}

export interface RouteResult {
  status: number;
  body: unknown;
}

export interface Route {
  method: string;
  /** Path template such as `/stores/v3/products/{id}`, also the key of the call counters. */
  template: string;
  pattern: RegExp;
  /** Catalog the endpoint belongs to; "any" serves every site. */
  catalog: "V1" | "V3" | "any";
  handle(request: RouteRequest): RouteResult;
}

function route(
  method: string,
  template: string,
  catalog: Route["catalog"],
  handle: Route["handle"],
): Route {
  const source = template
    .replace(/[.*+?^$()|[\]\\]/g, "\\$&")
    .replace(/\{(\w+)\}/g, "(?<$1>[^/]+)");
  return { method, template, pattern: new RegExp(`^${source}$`), catalog, handle };
}

const ok = (body: unknown): RouteResult => ({ status: 200, body });

function v3Fields(request: RouteRequest): string[] {
  const body = isObject(request.body) ? request.body : {};
  return requestedFields(body.fields, request.searchParams);
}

function v3Single(request: RouteRequest, product: Parameters<typeof projectV3Product>[0]) {
  return ok({ product: projectV3Product(product, v3Fields(request), "single", request.catalog) });
}

function bodyProduct(request: RouteRequest): unknown {
  return isObject(request.body) ? request.body.product : undefined;
}

const CATALOG_VERSION_NAMES: Record<SandboxCatalogVersion, GetCatalogVersionResponse> = {
  V1: { catalogVersion: "V1_CATALOG" },
  V3: { catalogVersion: "V3_CATALOG" },
  STORES_NOT_INSTALLED: { catalogVersion: "STORES_NOT_INSTALLED" },
};

function v1Routes(prefix: string, writable: boolean): Route[] {
  const reads = [
    route("GET", `${prefix}/products/{id}`, "V1", (request) =>
      ok({ product: getV1Product(request.params.id as string, request.catalog) }),
    ),
    route("POST", `${prefix}/products/query`, "V1", (request) =>
      ok(queryV1Products(request.body, request.catalog)),
    ),
  ];
  if (!writable) return reads;
  return [
    ...reads,
    route("POST", `${prefix}/products`, "V1", (request) =>
      ok({ product: createV1Product(request.body, request.catalog) }),
    ),
    route("PATCH", `${prefix}/products/{id}`, "V1", (request) =>
      ok({ product: updateV1Product(request.params.id as string, request.body, request.catalog) }),
    ),
    route("DELETE", `${prefix}/products/{id}`, "V1", (request) => {
      deleteV1Product(request.params.id as string, request.catalog);
      return ok({});
    }),
    route("POST", `${prefix}/products/{id}/media`, "V1", (request) => {
      addV1Media(request.params.id as string, request.body, request.catalog);
      return ok({});
    }),
    route("POST", `${prefix}/products/{id}/media/delete`, "V1", (request) => {
      removeV1Media(request.params.id as string, request.body, request.catalog);
      return ok({});
    }),
  ];
}

const V3_PREFIX = "/stores/v3";

export const ROUTES: Route[] = [
  route("GET", `${V3_PREFIX}/provision/version`, "any", (request) =>
    ok(CATALOG_VERSION_NAMES[request.catalogVersion]),
  ),
  ...v1Routes("/stores/v1", true),
  ...v1Routes("/stores-reader/v1", false),
  route("POST", `${V3_PREFIX}/products`, "V3", (request) =>
    v3Single(request, createV3Product(bodyProduct(request), request.catalog)),
  ),
  route("POST", `${V3_PREFIX}/products/query`, "V3", (request) =>
    ok(queryV3Products(request.body, request.catalog)),
  ),
  route("POST", `${V3_PREFIX}/products/search`, "V3", (request) =>
    ok(searchV3Products(request.body, request.catalog)),
  ),
  route("GET", `${V3_PREFIX}/products/{id}`, "V3", (request) =>
    v3Single(request, getV3Product(request.params.id as string, request.catalog)),
  ),
  route("PATCH", `${V3_PREFIX}/products/{id}`, "V3", (request) =>
    v3Single(
      request,
      updateV3Product(request.params.id as string, bodyProduct(request), request.catalog),
    ),
  ),
  route("DELETE", `${V3_PREFIX}/products/{id}`, "V3", (request) => {
    deleteV3Product(request.params.id as string, request.catalog);
    return ok({});
  }),
  route("POST", `${V3_PREFIX}/bulk/products/create`, "V3", (request) =>
    ok(bulkCreateV3Products(request.body, request.catalog)),
  ),
  route("POST", `${V3_PREFIX}/bulk/products/update`, "V3", (request) =>
    ok(bulkUpdateV3Products(request.body, request.catalog)),
  ),
  route("POST", `${V3_PREFIX}/bulk/products/delete`, "V3", (request) =>
    ok(bulkDeleteV3Products(request.body, request.catalog)),
  ),
];

export function findRoute(method: string, path: string) {
  for (const candidate of ROUTES) {
    if (candidate.method !== method) continue;
    const match = candidate.pattern.exec(path);
    if (!match) continue;
    const params: Record<string, string> = {};
    for (const [name, value] of Object.entries(match.groups ?? {})) {
      params[name] = decodeURIComponent(value);
    }
    return { route: candidate, params };
  }
  return undefined;
}

/**
 * Reject a call to the other catalog's API, or to a catalog on a site without Stores.
 */
// NOTE: Wix documents 428 for a call to the wrong catalog and 401 for a V1 call without Stores.
// The error codes below, and 428 for a V3 call without Stores, are not in the SDK typings.
export function checkCatalogVersion(
  route: Route,
  version: SandboxCatalogVersion,
  siteId: string,
): void {
  if (route.catalog === "any" || route.catalog === version) return;
  if (version === "STORES_NOT_INSTALLED") {
    const status = route.catalog === "V1" ? 401 : 428;
    throw applicationError(
      status,
      "STORES_NOT_INSTALLED",
      `Wix Stores is not installed on site ${siteId}; install the Stores app before calling ${route.template}.`,
      { siteId },
    );
  }
  throw applicationError(
    428,
    `CATALOG_${version}_SITE_CALLING_CATALOG_${route.catalog}_API`,
    `Site ${siteId} uses Catalog ${version}, so ${route.method} ${route.template} (Catalog ${route.catalog}) is not available; call GET /stores/v3/provision/version and use the matching API.`,
    { siteId, catalogVersion: `${version}_CATALOG` },
  );
}
