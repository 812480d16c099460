import { expect } from "chai";

import { startSandbox, type Sandbox } from "../../worker/src/sandbox/index.js";
import { applicationErrorCode, v1Product, v3Product, wix } from "./client.js";

describe("Wix sandbox auth and catalog version", () => {
  let sandbox: Sandbox;

  before(async () => {
    sandbox = await startSandbox({ rateLimitPerMinute: 0 });
  });

  after(async () => {
    await sandbox.close();
  });

  beforeEach(() => {
    sandbox.setOptions({ catalogVersion: "V3" });
    sandbox.reset();
  });

  describe("when the Authorization header is wrong", () => {
    const cases: [string, Record<string, string>][] = [
      ["missing", { "wix-site-id": "site" }],
      ["another key", { authorization: "not-the-key" }],
    ];
    for (const [name, headers] of cases) {
      it(`returns 401 for ${name}`, async () => {
        const response = await wix(sandbox, "GET", "/stores/v3/provision/version", undefined, {
          headers: { "wix-site-id": sandbox.siteId, ...headers },
        });
        expect(response.status).to.equal(401);
        expect(applicationErrorCode(response)).to.equal("UNAUTHENTICATED");
      });
    }

    it("returns 401 for a Bearer prefix and says to drop it", async () => {
      const response = await wix(sandbox, "GET", "/stores/v3/provision/version", undefined, {
        headers: { authorization: `Bearer ${sandbox.apiKey}`, "wix-site-id": sandbox.siteId },
      });
      expect(response.status).to.equal(401);
      expect(response.text).to.include("without the Bearer prefix");
    });
  });

  describe("when the site headers are wrong", () => {
    it("returns 403 without wix-site-id", async () => {
      const response = await wix(sandbox, "GET", "/stores/v3/provision/version", undefined, {
        headers: { authorization: sandbox.apiKey },
      });
      expect(response.status).to.equal(403);
      expect(applicationErrorCode(response)).to.equal("PERMISSION_DENIED");
    });

    it("returns 403 for another site's id", async () => {
      const response = await wix(sandbox, "GET", "/stores/v3/provision/version", undefined, {
        headers: { authorization: sandbox.apiKey, "wix-site-id": "another-site" },
      });
      expect(response.status).to.equal(403);
    });

    it("returns 400 when wix-account-id comes with wix-site-id", async () => {
      const response = await wix(sandbox, "GET", "/stores/v3/provision/version", undefined, {
        headers: {
          authorization: sandbox.apiKey,
          "wix-site-id": sandbox.siteId,
          "wix-account-id": "account",
        },
      });
      expect(response.status).to.equal(400);
      expect(response.text).to.include("wix-account-id");
    });

    it("returns 403 for wix-account-id alone", async () => {
      const response = await wix(sandbox, "GET", "/stores/v3/provision/version", undefined, {
        headers: { authorization: sandbox.apiKey, "wix-account-id": "account" },
      });
      expect(response.status).to.equal(403);
    });
  });

  describe("when the catalog version is read", () => {
    const versions = [
      ["V1", "V1_CATALOG"],
      ["V3", "V3_CATALOG"],
      ["STORES_NOT_INSTALLED", "STORES_NOT_INSTALLED"],
    ] as const;
    for (const [option, reported] of versions) {
      it(`returns ${reported} for a ${option} site`, async () => {
        sandbox.setOptions({ catalogVersion: option });
        const response = await wix(sandbox, "GET", "/stores/v3/provision/version");
        expect(response.status).to.equal(200);
        expect(response.body).to.deep.equal({ catalogVersion: reported });
      });
    }
  });

  describe("when a call targets the other catalog", () => {
    it("returns 428 to a V1 call on a V3 site", async () => {
      const response = await wix(sandbox, "POST", "/stores/v1/products", {
        product: v1Product("A"),
      });
      expect(response.status).to.equal(428);
      expect(applicationErrorCode(response)).to.equal("CATALOG_V3_SITE_CALLING_CATALOG_V1_API");
    });

    it("returns 428 to a V3 call on a V1 site", async () => {
      sandbox.setOptions({ catalogVersion: "V1" });
      const response = await wix(sandbox, "POST", "/stores/v3/products", {
        product: v3Product("A"),
      });
      expect(response.status).to.equal(428);
      expect(applicationErrorCode(response)).to.equal("CATALOG_V1_SITE_CALLING_CATALOG_V3_API");
    });
  });

  describe("when Stores is not installed", () => {
    beforeEach(() => sandbox.setOptions({ catalogVersion: "STORES_NOT_INSTALLED" }));

    it("returns 401 to a V1 call", async () => {
      const response = await wix(sandbox, "POST", "/stores/v1/products/query", {});
      expect(response.status).to.equal(401);
      expect(applicationErrorCode(response)).to.equal("STORES_NOT_INSTALLED");
    });

    it("returns STORES_NOT_INSTALLED to a V3 call", async () => {
      const response = await wix(sandbox, "POST", "/stores/v3/products/query", {});
      expect(response.status).to.equal(428);
      expect(applicationErrorCode(response)).to.equal("STORES_NOT_INSTALLED");
    });
  });

  describe("when the path is unknown", () => {
    it("returns 404 and records the call", async () => {
      const response = await wix(sandbox, "GET", "/stores/v9/nothing");
      expect(response.status).to.equal(404);
      const last = sandbox.calls().at(-1);
      expect(last?.path).to.equal("/stores/v9/nothing");
      expect(last?.status).to.equal(404);
    });
  });

  describe("when the body is malformed", () => {
    it("returns 400 for a body that is not JSON", async () => {
      const response = await fetch(`${sandbox.url}/stores/v3/products`, {
        method: "POST",
        headers: { authorization: sandbox.apiKey, "wix-site-id": sandbox.siteId },
        body: "{not json",
      });
      const body = (await response.json()) as { details: { validationError?: unknown } };
      expect(response.status).to.equal(400);
      expect(body.details.validationError).to.not.equal(undefined);
    });

    it("returns 413 for a body over 10 MB", async () => {
      const response = await fetch(`${sandbox.url}/stores/v3/products`, {
        method: "POST",
        headers: { authorization: sandbox.apiKey, "wix-site-id": sandbox.siteId },
        body: "x".repeat(10 * 1024 * 1024 + 1),
      });
      expect(response.status).to.equal(413);
      expect(sandbox.dump().productCount).to.equal(0);
    });
  });

  describe("when it is started on a non-loopback host", () => {
    it("rejects the host", async () => {
      let error: unknown;
      try {
        await startSandbox({ host: "0.0.0.0" });
      } catch (caught) {
        error = caught;
      }
      expect(error).to.be.instanceOf(RangeError);
      expect(String(error)).to.include("loopback");
    });
  });
});
