// Calls the browser test makes as the worker would, with the integration user's token.
import { randomBytes } from "node:crypto";

export interface WorkerAuth {
  baseUrl: string;
  /** `api_key:api_secret` of the integration user. */
  token: string;
}

async function post(auth: WorkerAuth, method: string, body: unknown): Promise<unknown> {
  const response = await fetch(`${auth.baseUrl}/api/method/wix_integration.api.worker.${method}`, {
    method: "POST",
    headers: { Authorization: `token ${auth.token}`, "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok)
    throw new Error(`worker ${method} failed with HTTP ${response.status}: ${text}`);
  return (JSON.parse(text) as { message: unknown }).message;
}

export function sendHeartbeat(auth: WorkerAuth) {
  const now = new Date().toISOString();
  return post(auth, "heartbeat", {
    heartbeat: {
      schema_version: 1,
      type: "worker.heartbeat",
      worker_id: "desk-ui-browser-test",
      hostname: "127.0.0.1",
      pid: process.pid,
      version: "0.1.0",
      started_at: now,
      sent_at: now,
      catalog_version: "V3",
      stats: { processed: 0, failed: 0, retried: 0, in_flight: 0 },
    },
  });
}

/** The fields of a sync result that differ between reportFailure and reportSuccess. */
interface Outcome {
  operation: string;
  status: string;
  attempts: number;
  duration_ms: number;
  product_id: string | null;
  revision: string | null;
  message: string;
  error: Record<string, unknown> | null;
}

/** Posts a sync-result document for `itemCode` and `eventId`, as the worker would on Catalog V3. */
async function reportResult(auth: WorkerAuth, eventId: string, itemCode: string, outcome: Outcome) {
  const result = {
    schema_version: 1,
    type: "sync.result",
    event_id: eventId,
    item_code: itemCode,
    operation: outcome.operation,
    status: outcome.status,
    attempts: outcome.attempts,
    duration_ms: outcome.duration_ms,
    finished_at: new Date().toISOString(),
    worker_id: "desk-ui-browser-test",
    item_version: null,
    dry_run: false,
    wix: {
      product_id: outcome.product_id,
      variant_id: null,
      revision: outcome.revision,
      catalog_version: "V3",
      product_page_url: null,
      content_hash: null,
    },
    message: outcome.message,
    error: outcome.error,
    request: null,
    response: null,
  };
  return (await post(auth, "report_result", { result })) as { log: string; status: string };
}

/** Reports that Wix rejected `itemCode` for `eventId`, as a sync-result document. */
export async function reportFailure(
  auth: WorkerAuth,
  eventId: string,
  itemCode: string,
  reason: string,
) {
  return reportResult(auth, eventId, itemCode, {
    operation: "update",
    status: "Failed",
    attempts: 3,
    duration_ms: 900,
    product_id: null,
    revision: null,
    message: reason,
    error: {
      code: "WIX_VALIDATION",
      message: reason,
      permanent: true,
      field: "name",
      http_status: 400,
    },
  });
}

/** Reports a successful create of `itemCode` for `eventId`, as a sync-result document. */
export async function reportSuccess(auth: WorkerAuth, eventId: string, itemCode: string) {
  const productId = `${randomBytes(4).toString("hex")}-0000-4000-8000-${randomBytes(6).toString("hex")}`;
  return reportResult(auth, eventId, itemCode, {
    operation: "create",
    status: "Success",
    attempts: 1,
    duration_ms: 120,
    product_id: productId,
    revision: "1",
    message: `Created Wix product ${productId}`,
    error: null,
  });
}
