/**
 * A local HTTP server that follows Wix's REST contract for the Stores catalog calls the worker
 * makes: catalog version, V1 and V3 products, bulk and media endpoints, API-key auth, the
 * per-site rate limit and injected faults. Tests and the demo point the worker's Wix base URL at
 * `sandbox.url`. Production config never defaults to it, and it listens on loopback only.
 */
import { SandboxServer } from "./server.js";
import type { Sandbox, SandboxOptions } from "./options.js";

export type {
  Burst429Options,
  CallRecord,
  Product,
  ResolvedSandboxOptions,
  Sandbox,
  SandboxCatalogVersion,
  SandboxFaults,
  SandboxOptions,
  SandboxState,
} from "./options.js";
export { DEFAULT_API_KEY, DEFAULT_SITE_ID } from "./options.js";
export { V1_LIMITS, V3_LIMITS, MAX_AMOUNT, DEFAULT_RATE_LIMIT_PER_MINUTE } from "./limits.js";
export type { V1Product, V3Product, WixErrorBody, FieldViolation } from "./wix-types.js";

/** Start a sandbox and resolve once it listens; call `close()` when done. */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const server = new SandboxServer(options);
  await server.listen();
  return server;
}
