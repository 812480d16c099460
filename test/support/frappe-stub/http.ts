// Request and response helpers that reproduce how Frappe 15 frames API answers and errors.
import type { IncomingMessage, ServerResponse } from "node:http";

const MAX_BODY_BYTES = 1024 * 1024;

/** An error that Frappe would raise: answered with its HTTP status, exc_type and _server_messages. */
export class FrappeError extends Error {
  constructor(
    readonly status: number,
    readonly excType: string,
    message: string,
  ) {
    super(message);
  }
}

export const validationError = (message: string) =>
  new FrappeError(417, "ValidationError", message);
export const permissionError = (message = "Not permitted") =>
  new FrappeError(403, "PermissionError", message);

export function sendJson(response: ServerResponse, status: number, body: unknown, headers = {}) {
  response.writeHead(status, { "Content-Type": "application/json", ...headers });
  response.end(JSON.stringify(body));
}

export function sendFrappeError(response: ServerResponse, error: FrappeError) {
  sendJson(response, error.status, {
    exc_type: error.excType,
    exception: `frappe.exceptions.${error.excType}: ${error.message}`,
    _server_messages: JSON.stringify([
      JSON.stringify({ message: error.message, indicator: "red" }),
    ]),
  });
}

export async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES)
      throw new FrappeError(413, "RequestEntityTooLarge", "Request body too large");
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * Reads a request's arguments as Frappe's form_dict does: the query string, then a JSON or
 * url-encoded body. JSON-encoded values in the query string stay strings, as in Frappe.
 */
export async function readArgs(
  request: IncomingMessage,
  url: URL,
): Promise<Record<string, unknown>> {
  const args: Record<string, unknown> = Object.fromEntries(url.searchParams);
  if (request.method === "GET" || request.method === "HEAD") return args;
  const text = await readBody(request);
  if (!text) return args;
  const type = request.headers["content-type"] ?? "";
  if (type.includes("application/json")) {
    try {
      return { ...args, ...(JSON.parse(text) as Record<string, unknown>) };
    } catch {
      throw validationError("The request body is not valid JSON");
    }
  }
  return { ...args, ...Object.fromEntries(new URLSearchParams(text)) };
}

/** Frappe accepts list and dict arguments either as JSON or as JSON-encoded strings. */
export function jsonArg<T>(value: unknown, name: string): T {
  if (typeof value !== "string") return value as T;
  try {
    return JSON.parse(value) as T;
  } catch {
    throw validationError(`Argument ${name} is not valid JSON`);
  }
}

export function parseCookies(header: string | undefined): Record<string, string> {
  const cookies: Record<string, string> = {};
  for (const part of (header ?? "").split(";")) {
    const index = part.indexOf("=");
    if (index > 0)
      cookies[part.slice(0, index).trim()] = decodeURIComponent(part.slice(index + 1).trim());
  }
  return cookies;
}
