import { expect } from "chai";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

import { backoffDelay, parseRetryAfter } from "../../worker/src/backoff.js";
import { WixClient } from "../../worker/src/wix/client.js";
import { wixErrorFromNetwork, wixErrorFromResponse } from "../../worker/src/wix/errors.js";
import { SiteRateLimiter } from "../../worker/src/wix/rate-limiter.js";
import { startSandbox, type Sandbox } from "../../worker/src/sandbox/index.js";
import { quietLogger } from "./support.js";

describe("backoffDelay", () => {
  const options = { baseMs: 100, maxMs: 1000, jitter: 0.2 };

  it("doubles per attempt without jitter", () => {
    const delays = [1, 2, 3, 4].map((attempt) => backoffDelay(attempt, options, () => 0));
    expect(delays).to.deep.equal([100, 200, 400, 800]);
  });

  it("caps the delay at maxMs", () => {
    expect(backoffDelay(10, options, () => 0)).to.equal(1000);
  });

  it("takes at most the jitter share off", () => {
    expect(backoffDelay(1, options, () => 1)).to.equal(80);
    expect(backoffDelay(1, options, () => 0.5)).to.equal(90);
  });
});

describe("parseRetryAfter", () => {
  it("reads seconds", () => {
    expect(parseRetryAfter("3")).to.equal(3000);
  });

  it("reads an HTTP date", () => {
    const now = Date.parse("2026-12-04T12:00:00Z");
    expect(parseRetryAfter("Fri, 04 Dec 2026 12:00:05 GMT", now)).to.equal(5000);
  });

  it("returns null when absent or unreadable", () => {
    expect(parseRetryAfter(undefined)).to.equal(null);
    expect(parseRetryAfter("soon")).to.equal(null);
  });
});

describe("SiteRateLimiter", () => {
  it("allows the burst and then one token per refill interval", () => {
    const limiter = new SiteRateLimiter(60, 2);
    const start = 1_000_000;
    expect(limiter.tryTake("site", start)).to.equal(0);
    expect(limiter.tryTake("site", start)).to.equal(0);
    expect(limiter.tryTake("site", start)).to.equal(1000);
    expect(limiter.tryTake("site", start + 1000)).to.equal(0);
  });

  it("keeps one bucket per site", () => {
    const limiter = new SiteRateLimiter(60, 1);
    expect(limiter.tryTake("a", 0)).to.equal(0);
    expect(limiter.tryTake("b", 0)).to.equal(0);
    expect(limiter.tryTake("a", 0)).to.be.greaterThan(0);
  });

  it("waits after a drain", () => {
    const limiter = new SiteRateLimiter(60, 10);
    limiter.drain("site", 0);
    expect(limiter.tryTake("site", 0)).to.equal(1000);
  });
});

describe("Wix error parsing", () => {
  it("keeps an applicationError code and marks 4xx permanent", () => {
    const error = wixErrorFromResponse(
      409,
      {
        message: "dup",
        details: {
          applicationError: { code: "SKU_ALREADY_EXIST_ERROR", description: "SKU ABC exists" },
        },
      },
      "create V3 product",
    );
    expect(error.code).to.equal("SKU_ALREADY_EXIST_ERROR");
    expect(error.permanent).to.equal(true);
    expect(error.httpStatus).to.equal(409);
    expect(error.message).to.include("SKU ABC exists");
  });

  it("names the first violated field of a validationError", () => {
    const error = wixErrorFromResponse(
      400,
      {
        details: {
          validationError: {
            fieldViolations: [{ field: "product.name", description: "too long" }],
          },
        },
      },
      "create V1 product",
    );
    expect(error.code).to.equal("VALIDATION_FAILED");
    expect(error.field).to.equal("product.name");
    expect(error.message).to.include("product.name: too long");
  });

  it("marks 5xx and 429 transient", () => {
    expect(wixErrorFromResponse(503, {}, "x").permanent).to.equal(false);
    expect(wixErrorFromResponse(429, {}, "x", 2000).retryAfterMs).to.equal(2000);
  });

  it("marks a connection reset transient and keeps the cause", () => {
    const cause = Object.assign(new Error("socket hang up"), { code: "ECONNRESET" });
    const error = wixErrorFromNetwork(cause, "get V3 product");
    expect(error.permanent).to.equal(false);
    expect(error.cause).to.equal(cause);
  });
});

/** Runs `use` against a loopback HTTP server that responds with `handle`, then closes it. */
async function withServer<T>(
  handle: (response: ServerResponse, request: IncomingMessage) => void,
  use: (url: string) => Promise<T>,
): Promise<T> {
  const server = createServer((request, response) => handle(response, request));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  try {
    return await use(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

describe("WixClient", function () {
  this.timeout(20_000);
  let sandbox: Sandbox;
  before(async () => {
    sandbox = await startSandbox({ catalogVersion: "V3", rateLimitPerMinute: 0 });
  });
  after(async () => sandbox?.close());

  function client(overrides: Partial<ConstructorParameters<typeof WixClient>[0]> = {}) {
    return new WixClient({
      baseUrl: sandbox.url,
      apiKey: sandbox.apiKey,
      siteId: sandbox.siteId,
      timeoutMs: 1000,
      rateLimiter: new SiteRateLimiter(10_000),
      logger: quietLogger,
      baseDelayMs: 10,
      ...overrides,
    });
  }

  const version = {
    method: "GET" as const,
    path: "/stores/v3/provision/version",
    idempotent: true,
    operation: "get catalog version",
    route: "/v",
  };

  describe("when the key is wrong", () => {
    it("throws a permanent 401 error", async () => {
      const error = await client({ apiKey: "wrong" })
        .request(version)
        .catch((caught: unknown) => caught);
      expect(error).to.have.property("httpStatus", 401);
      expect(error).to.have.property("permanent", true);
    });
  });

  describe("when Wix times out", () => {
    it("retries an idempotent call and then throws a transient error", async () => {
      sandbox.setOptions({ faults: { timeoutRate: 1 } });
      const wix = client({ timeoutMs: 200, maxRetries: 1 });
      const error = await wix.request(version).catch((caught: unknown) => caught);
      sandbox.setOptions({ faults: { timeoutRate: 0 } });
      expect(error).to.have.property("permanent", false);
      expect(wix.calls).to.equal(2);
    });
  });

  describe("when a create gets no answer", () => {
    it("does not resend it", async () => {
      sandbox.setOptions({ faults: { resetRate: 1 } });
      const wix = client({ maxRetries: 3 });
      const error = await wix
        .request({
          method: "POST",
          path: "/stores/v3/products",
          body: { product: {} },
          idempotent: false,
          operation: "create",
          route: "/p",
        })
        .catch((caught: unknown) => caught);
      sandbox.setOptions({ faults: { resetRate: 0 } });
      expect(error).to.have.property("permanent", false);
      expect(wix.calls).to.equal(1);
    });
  });

  describe("when Wix sends a short Retry-After with a 429", () => {
    it("waits that long and retries", async () => {
      let requests = 0;
      const started = Date.now();
      const seen = await withServer(
        (response) => {
          requests++;
          if (requests === 1) {
            response.writeHead(429, { "retry-after": "1", "content-type": "application/json" });
            response.end('{"message":"slow down"}');
            return;
          }
          response.writeHead(200, { "content-type": "application/json" });
          response.end('{"catalogVersion":"V3_CATALOG"}');
        },
        (url) => client({ baseUrl: url }).request<{ catalogVersion: string }>(version),
      );
      expect(seen.catalogVersion).to.equal("V3_CATALOG");
      expect(requests).to.equal(2);
      expect(Date.now() - started).to.be.at.least(900);
    });
  });

  describe("when Wix sends a long Retry-After with a 429", () => {
    it("throws at once with the wait, for the retry queue", async () => {
      sandbox.reset();
      sandbox.setOptions({
        retryAfterHeader: true,
        faults: { burst429: { afterRequests: 0, count: 1 } },
      });
      const wix = client();
      const error = await wix.request(version).catch((caught: unknown) => caught);
      sandbox.setOptions({ retryAfterHeader: false, faults: { burst429: null as never } });
      expect(error).to.have.property("httpStatus", 429);
      expect(error).to.have.property("permanent", false);
      expect(error).to.have.property("retryAfterMs", 60_000);
      expect(wix.calls).to.equal(1);
    });
  });

  describe("when it sends a request", () => {
    it("sends the raw key and the site id, never an account id", async () => {
      const seen: Record<string, string | string[] | undefined>[] = [];
      await withServer(
        (response, request) => {
          seen.push(request.headers);
          response.writeHead(200, { "content-type": "application/json" });
          response.end('{"catalogVersion":"V1_CATALOG"}');
        },
        (url) => client({ baseUrl: url, apiKey: "IST.raw-key", siteId: "site-1" }).request(version),
      );
      expect(seen).to.have.length(1);
      expect(seen[0]?.authorization).to.equal("IST.raw-key");
      expect(seen[0]?.["wix-site-id"]).to.equal("site-1");
      expect(seen[0]).not.to.have.property("wix-account-id");
    });
  });
});
