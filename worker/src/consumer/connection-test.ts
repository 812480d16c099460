import {
  decode,
  SCHEMA_VERSION,
  type ConnectionTestReply,
  type ConnectionTestRequest,
  type WorkerConfig,
} from "../contract/index.js";
import type { SyncRuntime } from "../sync/context.js";
import { fetchCatalogVersion } from "../wix/catalog-version.js";
import { WixError } from "../wix/errors.js";

type Check = ConnectionTestReply["checks"][number];

/**
 * Runs the connection test a Frappe admin asked for: config (site id and key set), wix_auth (Wix
 * accepts the key) and catalog_version. Returns a reply that has been checked against the contract.
 */
export async function runConnectionTest(
  request: ConnectionTestRequest,
  config: WorkerConfig | null,
  runtime: SyncRuntime,
  workerId: string,
): Promise<ConnectionTestReply> {
  const checks: Check[] = [];
  let catalog: ConnectionTestReply["catalog_version"] = null;
  if (!config) {
    checks.push({
      name: "config",
      ok: false,
      message: "The worker could not load its configuration from Frappe get_config",
    });
  } else if (!config.api_key || !config.site_id) {
    const missing = [!config.site_id && "site id", !config.api_key && "API key"]
      .filter(Boolean)
      .join(" and ");
    checks.push({
      name: "config",
      ok: false,
      message: `The Wix ${missing} is not set; enter it in Wix Settings`,
    });
  } else {
    checks.push({ name: "config", ok: true, message: "Site id and API key are set" });
    try {
      const version = await fetchCatalogVersion(runtime.wixClient(config).fork());
      checks.push({ name: "wix_auth", ok: true, message: "Wix accepted the API key" });
      catalog = version;
      checks.push(
        version === "STORES_NOT_INSTALLED"
          ? {
              name: "catalog_version",
              ok: false,
              message: "Wix Stores is not installed on this site; add the Wix Stores app",
            }
          : { name: "catalog_version", ok: true, message: `Catalog ${version}` },
      );
    } catch (error) {
      const message = error instanceof WixError ? error.message : String(error);
      checks.push({ name: "wix_auth", ok: false, message: message.slice(0, 2000) });
    }
  }
  return decode("connection-test-reply", {
    schema_version: SCHEMA_VERSION,
    type: "connection.test.reply",
    request_id: request.request_id,
    worker_id: workerId,
    ok: checks.every((check) => check.ok),
    catalog_version: catalog,
    checks,
    finished_at: new Date().toISOString(),
  });
}
