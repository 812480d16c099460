import { readDeskBoot } from "../boot.js";

/** A Frappe API call that failed, with the server's own message when it sent one. */
export class FrappeApiError extends Error {
  override name = "FrappeApiError";
  constructor(
    message: string,
    readonly method: string,
    readonly status: number,
    readonly excType: string | null,
  ) {
    super(message);
  }
}

type Args = Record<string, unknown>;

interface FrappeErrorBody {
  exc_type?: string;
  exception?: string;
  _server_messages?: string;
  message?: unknown;
}

function stripTags(html: string): string {
  return html
    .replace(/<[^>]*>/g, "")
    .replace(/\s+/g, " ")
    .trim();
}

/**
 * Extracts the human message from a Frappe error response: `_server_messages` (a JSON list of
 * JSON-encoded `{message}` objects, as `frappe.throw` sends), else the exception's text.
 */
export function errorMessageFrom(body: FrappeErrorBody | null, fallback: string): string {
  if (body?._server_messages) {
    try {
      const messages = (JSON.parse(body._server_messages) as string[]).map((entry) => {
        const parsed = JSON.parse(entry) as { message?: string } | string;
        return stripTags(typeof parsed === "string" ? parsed : (parsed.message ?? ""));
      });
      const text = messages.filter(Boolean).join(" ");
      if (text) return text;
    } catch {
      // A malformed _server_messages falls through to the exception text.
    }
  }
  if (body?.exception) {
    return stripTags(body.exception.replace(/^[\w.]+(Error|Exception):\s*/, ""));
  }
  if (typeof body?.message === "string" && body.message) return stripTags(body.message);
  return fallback;
}

function queryString(args: Args): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(args)) {
    if (value === undefined) continue;
    params.set(key, typeof value === "string" ? value : JSON.stringify(value));
  }
  const text = params.toString();
  return text ? `?${text}` : "";
}

async function send<T>(url: string, method: string, init: RequestInit): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, {
      credentials: "same-origin",
      ...init,
      headers: { Accept: "application/json", ...init.headers },
    });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new FrappeApiError(
      `Could not reach the server for ${method}: ${reason}`,
      method,
      0,
      null,
    );
  }
  const body = (await response.json().catch(() => null)) as (FrappeErrorBody & T) | null;
  if (!response.ok) {
    const fallback = `${method} failed with HTTP ${response.status} ${response.statusText}`.trim();
    throw new FrappeApiError(
      errorMessageFrom(body, fallback),
      method,
      response.status,
      body?.exc_type ?? null,
    );
  }
  if (body === null) {
    throw new FrappeApiError(
      `${method} returned a response that is not JSON`,
      method,
      response.status,
      null,
    );
  }
  return body;
}

/** Calls a whitelisted method at `/api/method/<method>` and returns its `message`. */
export async function callMethod<T>(
  method: string,
  options: { http?: "GET" | "POST"; args?: Args } = {},
): Promise<T> {
  const http = options.http ?? "POST";
  const url = `/api/method/${method}`;
  const args = options.args ?? {};
  const body =
    http === "GET"
      ? await send<{ message: T }>(url + queryString(args), method, { method: "GET" })
      : await send<{ message: T }>(url, method, {
          method: "POST",
          headers: {
            "Content-Type": "application/json",
            "X-Frappe-CSRF-Token": readDeskBoot().csrfToken,
          },
          body: JSON.stringify(args),
        });
  return body.message;
}

/** Lists documents through `/api/resource/<doctype>`; normal read permissions apply. */
export async function listDocuments<T>(
  doctype: string,
  query: { fields: string[]; filters?: unknown[]; orderBy?: string; limit?: number },
): Promise<T[]> {
  const url =
    `/api/resource/${encodeURIComponent(doctype)}` +
    queryString({
      fields: query.fields,
      filters: query.filters,
      order_by: query.orderBy,
      limit_page_length: query.limit,
    });
  const body = await send<{ data: T[] }>(url, `list ${doctype}`, { method: "GET" });
  return body.data;
}
