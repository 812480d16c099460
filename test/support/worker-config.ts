import { configFromEnv, withConfig, type WorkerConfig } from "../../worker/src/index.js";
import type { Sandbox } from "../../worker/src/sandbox/index.js";

/**
 * Builds a worker-config document for a worker that talks to `sandbox`: the environment-only
 * defaults, the sandbox's credentials and URL, no practical rate limit, then `changes`.
 */
export function sandboxWorkerConfig(
  sandbox: Sandbox,
  changes: Partial<WorkerConfig> = {},
): WorkerConfig {
  return withConfig(configFromEnv({}), {
    site_id: sandbox.siteId,
    api_key: sandbox.apiKey,
    wix_base_url: sandbox.url,
    rate_limit_per_minute: 10_000,
    ...changes,
  });
}
