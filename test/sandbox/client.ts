// Plain fetch calls against a sandbox, with Wix's API-key headers, for the sandbox's own tests.
import { startSandbox, type Sandbox, type SandboxOptions } from "../../worker/src/sandbox/index.js";

export interface WixResponse<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  /** Parsed JSON body, or undefined when the body was empty. */
  body: T;
  text: string;
}

export interface CallOptions {
  /** Headers replacing the default `Authorization` and `wix-site-id`. */
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/**
 * Starts a sandbox without a rate limit before the suite's tests, resets it before each test and
 * closes it after them. `started` receives it, for the suite's own variable.
 */
export function sandboxPerSuite(
  catalogVersion: SandboxOptions["catalogVersion"],
  started: (sandbox: Sandbox) => void,
): void {
  let sandbox: Sandbox;

  before(async () => {
    sandbox = await startSandbox({ catalogVersion, rateLimitPerMinute: 0 });
    started(sandbox);
  });

  after(async () => {
    await sandbox.close();
  });

  beforeEach(() => sandbox.reset());
}

/** Send one request with the sandbox's key and site id, unless `options.headers` replaces them. */
export async function wix<T = Record<string, unknown>>(
  sandbox: Sandbox,
  method: string,
  path: string,
  body?: unknown,
  options: CallOptions = {},
): Promise<WixResponse<T>> {
  const headers = options.headers ?? {
    authorization: sandbox.apiKey,
    "wix-site-id": sandbox.siteId,
  };
  const response = await fetch(`${sandbox.url}${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { "content-type": "application/json" }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: options.signal,
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: (text === "" ? undefined : JSON.parse(text)) as T,
    text,
  };
}

/** Build a minimal valid V3 product without options: one variant, as the worker sends a simple item. */
export function v3Product(sku: string, overrides: Record<string, unknown> = {}) {
  return {
    name: `Product ${sku}`,
    productType: "PHYSICAL",
    physicalProperties: {},
    variantsInfo: {
      variants: [{ sku, price: { actualPrice: { amount: "10.50" } }, choices: [] }],
    },
    ...overrides,
  };
}

/** Build a minimal valid V1 product. */
export function v1Product(sku: string, overrides: Record<string, unknown> = {}) {
  return { name: `Product ${sku}`, priceData: { price: 10.5 }, sku, ...overrides };
}

export interface ErrorBody {
  message: string;
  details: {
    applicationError?: { code: string; description: string; data: Record<string, unknown> };
    validationError?: {
      fieldViolations: {
        field: string;
        description: string;
        violatedRule: string;
        ruleName?: string;
        data?: Record<string, unknown>;
      }[];
    };
  };
}

export interface Violation {
  field: string;
  violatedRule: string;
  data?: Record<string, unknown>;
}

/** Return the field violations of a 400 response, or an empty list. */
export function violations(response: WixResponse<unknown>): Violation[] {
  return (response.body as ErrorBody | undefined)?.details?.validationError?.fieldViolations ?? [];
}

export function applicationErrorCode(response: WixResponse<unknown>): string | undefined {
  return (response.body as ErrorBody | undefined)?.details?.applicationError?.code;
}
