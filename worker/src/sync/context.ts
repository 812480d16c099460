import type { WorkerConfig } from "../contract/index.js";
import type { Logger } from "../logger.js";
import type { Metrics } from "../metrics.js";
import { CatalogVersionCache } from "../wix/catalog-version.js";
import { WixClient } from "../wix/client.js";
import { WixError } from "../wix/errors.js";
import { SiteRateLimiter, type RateLimiter } from "../wix/rate-limiter.js";
import { createCatalogAdapter } from "./catalog-adapter.js";
import type { ItemStateStore } from "./item-state.js";
import type { SyncContext } from "./item-sync.js";

/** Checks that the config names a site and an API key; throws a permanent WixError naming the missing field. */
export function requireCredentials(config: WorkerConfig): { apiKey: string; siteId: string } {
  if (!config.api_key) {
    throw new WixError({
      code: "MISSING_API_KEY",
      message: "No Wix API key is set; enter one in Wix Settings (or WIX_API_KEY in env-only mode)",
      permanent: true,
      field: "api_key",
    });
  }
  if (!config.site_id) {
    throw new WixError({
      code: "MISSING_SITE_ID",
      message: "No Wix site id is set; enter it in Wix Settings (or WIX_SITE_ID in env-only mode)",
      permanent: true,
      field: "site_id",
    });
  }
  return { apiKey: config.api_key, siteId: config.site_id };
}

/**
 * Builds the per-event sync context from the current config: one Wix client per credential set and
 * timeout, one token bucket per site shared by all of them (and by the other processes when the
 * limiter is a RedisSiteRateLimiter), and the cached catalog version.
 */
export class SyncRuntime {
  readonly catalogVersions = new CatalogVersionCache();
  private client: { key: string; client: WixClient } | null = null;

  constructor(
    private readonly logger: Logger,
    private readonly metrics: Metrics,
    readonly store: ItemStateStore,
    readonly rateLimiter: RateLimiter = new SiteRateLimiter(200),
  ) {}

  wixClient(config: WorkerConfig): WixClient {
    const { apiKey, siteId } = requireCredentials(config);
    this.rateLimiter.configure(config.rate_limit_per_minute);
    const key = JSON.stringify([config.wix_base_url, apiKey, siteId, config.request_timeout_ms]);
    if (this.client?.key !== key) {
      this.client = {
        key,
        client: new WixClient({
          baseUrl: config.wix_base_url,
          apiKey,
          siteId,
          timeoutMs: config.request_timeout_ms,
          rateLimiter: this.rateLimiter,
          logger: this.logger,
          metrics: this.metrics,
        }),
      };
    }
    return this.client.client;
  }

  /** Total Wix HTTP requests sent by this process's current client. */
  get wixCalls(): number {
    return this.client?.client.calls ?? 0;
  }

  async context(config: WorkerConfig, logger: Logger): Promise<SyncContext> {
    const client = this.wixClient(config).fork();
    const version = await this.catalogVersions.get(client, config.catalog_version);
    return {
      config,
      client,
      catalog: createCatalogAdapter(version, client, config.sync_fields),
      store: this.store,
      logger,
    };
  }
}
