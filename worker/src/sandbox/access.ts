/** Wix API-key auth as the sandbox checks it on every API request. */
import type { IncomingHttpHeaders } from "node:http";

import { applicationError, type WixHttpError } from "./errors.js";

/**
 * Check Wix API-key auth: the raw key in `Authorization` (401 otherwise) and `wix-site-id`
 * (403 when missing or for another site). Sending `wix-account-id` as well gets 400, because
 * Wix documents the two headers as exclusive and the request is then malformed.
 */
export function checkAccess(
  headers: IncomingHttpHeaders,
  expected: { apiKey: string; siteId: string },
): WixHttpError | undefined {
  const authorization = headers.authorization;
  if (authorization === undefined || authorization === "") {
    return applicationError(
      401,
      "UNAUTHENTICATED",
      "Missing Authorization header; send the raw API key.",
    );
  }
  if (authorization !== expected.apiKey) {
    const hint = /^bearer\s/i.test(authorization)
      ? " Send the raw API key without the Bearer prefix."
      : "";
    return applicationError(
      401,
      "UNAUTHENTICATED",
      `The API key in Authorization is not valid.${hint}`,
    );
  }
  const siteId = headers["wix-site-id"];
  const accountId = headers["wix-account-id"];
  if (siteId !== undefined && accountId !== undefined) {
    return applicationError(
      400,
      "INVALID_ARGUMENT",
      "Both wix-site-id and wix-account-id were sent; site-level calls send wix-site-id only.",
    );
  }
  if (siteId === undefined || siteId === "") {
    return applicationError(
      403,
      "PERMISSION_DENIED",
      "Missing wix-site-id header; site-level calls need it.",
    );
  }
  if (siteId !== expected.siteId) {
    return applicationError(
      403,
      "PERMISSION_DENIED",
      `The API key has no access to site ${String(siteId)}.`,
      {
        siteId,
      },
    );
  }
  return undefined;
}
