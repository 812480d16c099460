import type { CatalogVersion } from "../contract/index.js";
import type { WixClient } from "./client.js";
import { WixError } from "./errors.js";
import type { GetCatalogVersionResponse } from "./types.js";

export type DetectedCatalog = CatalogVersion | "STORES_NOT_INSTALLED";

/** Calls GET /stores/v3/provision/version and maps Wix's response to V1, V3 or STORES_NOT_INSTALLED. */
export async function fetchCatalogVersion(client: WixClient): Promise<DetectedCatalog> {
  const body = await client.request<GetCatalogVersionResponse>({
    method: "GET",
    path: "/stores/v3/provision/version",
    idempotent: true,
    operation: "get catalog version",
    route: "/stores/v3/provision/version",
  });
  switch (body.catalogVersion) {
    case "V1_CATALOG":
      return "V1";
    case "V3_CATALOG":
      return "V3";
    case "STORES_NOT_INSTALLED":
      return "STORES_NOT_INSTALLED";
    default:
      throw new WixError({
        code: "UNKNOWN_CATALOG_VERSION",
        message: `Wix returned an unknown catalog version ${JSON.stringify(body.catalogVersion)}`,
        permanent: false,
        body,
      });
  }
}

export function storesNotInstalledError(siteId: string): WixError {
  return new WixError({
    code: "STORES_NOT_INSTALLED",
    message: `Wix Stores is not installed on site ${siteId}; add the Wix Stores app to the site, then retry`,
    permanent: true,
  });
}

/**
 * Caches each site's catalog version: Wix documents it as permanent for a site, so one call per site
 * and process is enough. A configured version (Wix Settings catalog_version) skips the call.
 */
export class CatalogVersionCache {
  private readonly known = new Map<string, Promise<DetectedCatalog>>();

  async get(client: WixClient, configured: CatalogVersion | null): Promise<CatalogVersion> {
    let version: DetectedCatalog | null = configured;
    if (!version) {
      let pending = this.known.get(client.siteId);
      if (!pending) {
        pending = fetchCatalogVersion(client);
        this.known.set(client.siteId, pending);
        pending.catch(() => this.known.delete(client.siteId));
      }
      version = await pending;
    }
    if (version === "STORES_NOT_INSTALLED") {
      this.known.delete(client.siteId);
      throw storesNotInstalledError(client.siteId);
    }
    return version;
  }

  /** The cached version of a site, without calling Wix. */
  async peek(siteId: string): Promise<DetectedCatalog | null> {
    const pending = this.known.get(siteId);
    return pending ? pending.catch(() => null) : null;
  }
}
