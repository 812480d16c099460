/** Reading request bodies and writing JSON or empty responses with node:http. */
import type { IncomingMessage, ServerResponse } from "node:http";

import { applicationError, WixHttpError } from "./errors.js";

/** Largest request body accepted; bulk requests of 100 full products stay far below it. */
export const MAX_BODY_BYTES = 10 * 1024 * 1024;

export function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(
          applicationError(
            413,
            "PAYLOAD_TOO_LARGE",
            `Request body exceeds ${MAX_BODY_BYTES} bytes.`,
          ),
        );
        request.resume();
        return;
      }
      chunks.push(chunk);
    });
    request.on("end", () => resolve(Buffer.concat(chunks)));
    request.on("error", reject);
  });
}

export function parseJson(raw: Buffer): unknown {
  if (raw.length === 0) return undefined;
  try {
    return JSON.parse(raw.toString("utf8"));
  } catch (error) {
    throw new WixHttpError(400, {
      message: `Request body is not valid JSON: ${(error as Error).message}`,
      details: {
        validationError: {
          fieldViolations: [
            {
              field: "body",
              description: `Request body is not valid JSON: ${(error as Error).message}`,
              violatedRule: "FORMAT",
            },
          ],
        },
      },
    });
  }
}

export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers = {},
): void {
  const payload = Buffer.from(JSON.stringify(body));
  response.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": payload.length,
    ...headers,
  });
  response.end(payload);
}

export function sendEmpty(response: ServerResponse, status: number): void {
  response.writeHead(status, { "content-length": 0 });
  response.end();
}

export function delay(milliseconds: number): Promise<void> {
  return milliseconds > 0
    ? new Promise((resolve) => setTimeout(resolve, milliseconds))
    : Promise.resolve();
}
