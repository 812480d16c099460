import got, { type Got } from "got";

import { decode, type Heartbeat, type SyncResult, type WorkerConfig } from "../contract/index.js";

export interface FrappeClientOptions {
  url: string;
  apiKey: string;
  apiSecret: string;
  timeoutMs?: number;
}

/** Raised when a Frappe call fails; the message never contains the API secret. */
export class FrappeError extends Error {
  override name = "FrappeError";
  constructor(
    message: string,
    readonly status: number | null,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

const METHOD = "api/method/wix_integration.api.worker";

/** Calls the worker endpoints of the Frappe app as the integration user (token auth). */
export class FrappeClient {
  private readonly http: Got;

  constructor(readonly options: FrappeClientOptions) {
    this.http = got.extend({
      prefixUrl: options.url.replace(/\/+$/, ""),
      headers: {
        authorization: `token ${options.apiKey}:${options.apiSecret}`,
        accept: "application/json",
      },
      timeout: { request: options.timeoutMs ?? 10_000 },
      retry: { limit: 0 },
      throwHttpErrors: false,
      responseType: "text",
    });
  }

  private async call(method: "GET" | "POST", name: string, body?: unknown): Promise<unknown> {
    let response;
    try {
      response = await this.http(`${METHOD}.${name}`, {
        method,
        ...(body === undefined ? {} : { json: body }),
      });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new FrappeError(`Frappe ${name} at ${this.options.url} failed: ${reason}`, null, {
        cause: error,
      });
    }
    if (response.statusCode < 200 || response.statusCode >= 300) {
      throw new FrappeError(
        `Frappe ${name} at ${this.options.url} returned HTTP ${response.statusCode}: ${response.body.slice(0, 300)}`,
        response.statusCode,
      );
    }
    try {
      return (JSON.parse(response.body) as { message?: unknown }).message;
    } catch {
      throw new FrappeError(`Frappe ${name} returned a body that is not JSON`, response.statusCode);
    }
  }

  async getConfig(): Promise<WorkerConfig> {
    return decode("worker-config", await this.call("GET", "get_config"));
  }

  async reportResult(result: SyncResult): Promise<unknown> {
    return this.call("POST", "report_result", { result });
  }

  async heartbeat(heartbeat: Heartbeat): Promise<void> {
    await this.call("POST", "heartbeat", { heartbeat });
  }
}
