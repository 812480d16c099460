import type { CatalogVersion, SyncOperation, SyncStatus } from "../contract/index.js";
import type { WixExchange } from "../wix/client.js";
import { WixError } from "../wix/errors.js";

/** Everything about one event's outcome that goes into its sync-result document. */
export interface SyncOutcome {
  operation: SyncOperation;
  status: SyncStatus;
  message: string;
  dryRun: boolean;
  wix: {
    product_id: string | null;
    variant_id: string | null;
    revision: string | null;
    catalog_version: CatalogVersion | null;
    product_page_url: string | null;
    content_hash: string | null;
  };
  error: {
    code: string;
    message: string;
    permanent: boolean;
    field: string | null;
    http_status: number | null;
  } | null;
  request: Record<string, unknown> | null;
  response: Record<string, unknown> | null;
}

export const NO_WIX: SyncOutcome["wix"] = {
  product_id: null,
  variant_id: null,
  revision: null,
  catalog_version: null,
  product_page_url: null,
  content_hash: null,
};

export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Returns the last Wix request and response in the shape a sync result stores. */
export function exchangeParts(exchange: WixExchange | null) {
  if (!exchange) return { request: null, response: null };
  const request: Record<string, unknown> = { method: exchange.method, path: exchange.path };
  if (exchange.body !== undefined) request.body = exchange.body;
  const response =
    exchange.response && typeof exchange.response === "object" && !Array.isArray(exchange.response)
      ? (exchange.response as Record<string, unknown>)
      : null;
  return { request, response };
}

/** Builds the outcome of a permanent failure from any error. */
export function failedOutcome(
  error: unknown,
  operation: SyncOperation,
  wix: SyncOutcome["wix"],
  exchange: WixExchange | null,
): SyncOutcome {
  const wixError =
    error instanceof WixError
      ? error
      : new WixError({
          code: "INTERNAL_ERROR",
          message: `The worker failed: ${error instanceof Error ? error.message : String(error)}`,
          permanent: true,
          cause: error,
        });
  return {
    operation,
    status: "Failed",
    message: truncate(wixError.message, 2000),
    dryRun: false,
    wix,
    error: {
      code: truncate(wixError.code, 100),
      message: truncate(wixError.message, 4000),
      permanent: wixError.permanent,
      field: wixError.field,
      http_status: wixError.httpStatus,
    },
    ...exchangeParts(exchange),
  };
}
