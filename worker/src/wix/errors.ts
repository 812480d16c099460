/** One entry of Wix's `validationError.fieldViolations`. */
export interface WixFieldViolation {
  field?: string;
  description?: string;
  violatedRule?: string;
  ruleName?: string;
  data?: unknown;
}

/** Wix's error body: `{message, details: {applicationError | validationError}}`. */
export interface WixErrorBody {
  message?: string;
  details?: {
    applicationError?: { code?: string; description?: string; data?: unknown };
    validationError?: { fieldViolations?: WixFieldViolation[] };
  };
}

export interface WixErrorInit {
  code: string;
  message: string;
  permanent: boolean;
  httpStatus?: number | null;
  field?: string | null;
  retryAfterMs?: number | null;
  body?: unknown;
  cause?: unknown;
}

/**
 * A failed Wix call. `permanent` is true when sending the same request again cannot succeed
 * (validation, auth, a missing Stores app); false for network errors, 5xx and 429.
 */
export class WixError extends Error {
  override name = "WixError";
  readonly code: string;
  readonly permanent: boolean;
  readonly httpStatus: number | null;
  readonly field: string | null;
  /** How long Wix asked us to wait (429 with Retry-After), in milliseconds. */
  readonly retryAfterMs: number | null;
  readonly body: unknown;

  constructor(init: WixErrorInit) {
    super(init.message, { cause: init.cause });
    this.code = init.code;
    this.permanent = init.permanent;
    this.httpStatus = init.httpStatus ?? null;
    this.field = init.field ?? null;
    this.retryAfterMs = init.retryAfterMs ?? null;
    this.body = init.body;
  }
}

const STATUS_CODES: Record<number, string> = {
  400: "INVALID_ARGUMENT",
  401: "UNAUTHENTICATED",
  403: "PERMISSION_DENIED",
  404: "NOT_FOUND",
  409: "ALREADY_EXISTS",
  428: "FAILED_PRECONDITION",
  429: "RATE_LIMITED",
};

const STATUS_HINTS: Record<number, string> = {
  401: "Wix rejected the API key; create a new key in the Wix API Keys Manager and save it in Wix Settings",
  403: "Wix denied the request; check that the API key has the Wix Stores permissions and the site id is right",
  428: "Wix refused a call for the wrong catalog version; check the site's catalog version",
  429: "Wix rate limit reached; the worker waits and retries",
};

/** Returns whether an HTTP status is worth retrying with the same request. */
export function isTransientStatus(status: number): boolean {
  return status === 429 || status === 408 || status >= 500;
}

/** Builds a WixError from an HTTP response, keeping Wix's own code, description and field. */
export function wixErrorFromResponse(
  status: number,
  body: unknown,
  operation: string,
  retryAfterMs: number | null = null,
): WixError {
  const parsed = (typeof body === "object" && body !== null ? body : {}) as WixErrorBody;
  const application = parsed.details?.applicationError;
  const violations = parsed.details?.validationError?.fieldViolations ?? [];
  const firstViolation = violations[0];
  const code =
    application?.code ??
    (violations.length ? "VALIDATION_FAILED" : undefined) ??
    STATUS_CODES[status] ??
    (status >= 500 ? "WIX_SERVER_ERROR" : `HTTP_${status}`);
  const detail =
    application?.description ??
    violations
      .map((v) => `${v.field ?? "?"}: ${v.description ?? v.ruleName ?? "invalid"}`)
      .join("; ") ??
    "";
  const text =
    [detail, parsed.message, STATUS_HINTS[status]].filter(Boolean)[0] ??
    "no details in the response";
  return new WixError({
    code,
    message: `${operation} failed with HTTP ${status} (${code}): ${text}`,
    permanent: !isTransientStatus(status),
    httpStatus: status,
    field: firstViolation?.field ?? null,
    retryAfterMs,
    body,
  });
}

const TRANSIENT_NETWORK_CODES = new Set([
  "ETIMEDOUT",
  "ECONNRESET",
  "ECONNREFUSED",
  "ECONNABORTED",
  "EPIPE",
  "EAI_AGAIN",
  "ENOTFOUND",
  "ENETUNREACH",
  "EHOSTUNREACH",
  "ERR_GOT_REQUEST_ERROR",
]);

/** Wraps an error from the HTTP layer (no response received) as a transient WixError. */
export function wixErrorFromNetwork(error: unknown, operation: string): WixError {
  const code = (error as { code?: string }).code ?? "NETWORK_ERROR";
  const message = error instanceof Error ? error.message : String(error);
  return new WixError({
    code: code === "ETIMEDOUT" ? "TIMEOUT" : code,
    message: `${operation} failed without a response from Wix: ${message}`,
    permanent: !TRANSIENT_NETWORK_CODES.has(code) && !code.startsWith("E"),
    cause: error,
  });
}
