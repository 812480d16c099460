import { expect } from "chai";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

import { buildV3Product, type ProductFields } from "../../worker/src/mapping/map-item.js";
import {
  createCatalogAdapter,
  containsPayload,
  isDuplicateSku,
  type CatalogAdapter,
} from "../../worker/src/sync/catalog-adapter.js";
import { configFromEnv } from "../../worker/src/config.js";
import { WixClient } from "../../worker/src/wix/client.js";
import { SiteRateLimiter } from "../../worker/src/wix/rate-limiter.js";
import { startSandbox, type Sandbox } from "../../worker/src/sandbox/index.js";
import { quietLogger } from "./support.js";

/**
 * Forwards to the sandbox, but for the first `lose` requests of `method` that Wix commits (HTTP 200) it closes the
 * connection instead of answering, as a response lost after the write would.
 */
async function startLossyProxy(target: string, lose: number, method = "PATCH") {
  const state = { lost: 0, patches: 0 };
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", async () => {
      const headers = Object.fromEntries(
        Object.entries(request.headers).filter(
          ([name]) => !["host", "connection", "content-length"].includes(name),
        ),
      ) as Record<string, string>;
      const upstream = await fetch(`${target}${request.url}`, {
        method: request.method,
        headers,
        ...(chunks.length ? { body: Buffer.concat(chunks) } : {}),
      });
      const body = await upstream.text();
      if (request.method === "PATCH") state.patches++;
      if (request.method === method && upstream.status === 200 && state.lost < lose) {
        state.lost++;
        request.socket.destroy();
        return;
      }
      response.writeHead(upstream.status, { "content-type": "application/json" });
      response.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    state,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function fields(price: string): ProductFields {
  return {
    name: "Walnut serving board",
    sku: "REV-LOST-1",
    description: "Oiled walnut.",
    brand: "Kiln & Co",
    price,
    images: [],
    weight: 1.2,
    barcode: null,
    visible: true,
  };
}

describe("V3 catalog adapter", function () {
  this.timeout(20_000);
  let sandbox: Sandbox;
  let proxy: Awaited<ReturnType<typeof startLossyProxy>>;

  beforeEach(async () => {
    sandbox = await startSandbox({ catalogVersion: "V3", rateLimitPerMinute: 0 });
  });
  afterEach(async () => {
    await proxy?.close();
    await sandbox?.close();
  });

  function adapter(baseUrl: string): CatalogAdapter {
    const client = new WixClient({
      baseUrl,
      apiKey: sandbox.apiKey,
      siteId: sandbox.siteId,
      timeoutMs: 5000,
      rateLimiter: new SiteRateLimiter(10_000),
      logger: quietLogger,
      baseDelayMs: 10,
    });
    return createCatalogAdapter("V3", client, configFromEnv({}).sync_fields);
  }

  describe("when the responses of committed updates are lost", () => {
    it("reads the product back and reports the update done instead of a revision mismatch", async () => {
      const created = await adapter(sandbox.url).create(fields("10.00"));
      proxy = await startLossyProxy(sandbox.url, 2);

      const updated = await adapter(proxy.url).update(created, fields("12.50"), null);

      // The lost PATCH and its repeat, which got 409; the read showed the first had committed.
      expect(proxy.state).to.deep.equal({ lost: 1, patches: 2 });
      const [product] = sandbox.productsBySku().get("REV-LOST-1") as {
        revision?: string;
        variantsInfo?: { variants?: { price?: { actualPrice?: { amount?: string } } }[] };
      }[];
      expect(product?.variantsInfo?.variants?.[0]?.price?.actualPrice?.amount).to.equal("12.50");
      expect(updated.revision).to.equal(product?.revision);
      expect(updated.pageUrl).to.match(/^https?:\/\/.+\/product-page\/walnut-serving-board$/);
    });
  });

  describe("when a product is created", () => {
    it("returns its product page URL", async () => {
      const created = await adapter(sandbox.url).create(fields("10.00"));
      expect(created.pageUrl).to.match(/\/product-page\/walnut-serving-board$/);
    });
  });

  describe("when the response of a committed create is lost", () => {
    it("repeats the create, so Wix's SKU check tells the sync to adopt", async () => {
      proxy = await startLossyProxy(sandbox.url, 1, "POST");

      const error = await adapter(proxy.url)
        .create(fields("10.00"))
        .then(
          () => null,
          (failure: unknown) => failure,
        );

      expect(proxy.state.lost).to.equal(1);
      expect(isDuplicateSku(error), String(error)).to.equal(true);
      expect(sandbox.productsBySku().get("REV-LOST-1")).to.have.length(1);
    });
  });

  describe("when another writer changed the product in between", () => {
    it("sends the update again with the fresh revision", async () => {
      const wix = adapter(sandbox.url);
      const created = await wix.create(fields("10.00"));
      await wix.update(created, fields("11.00"), null);

      const updated = await wix.update(created, fields("13.00"), null);

      const [product] = sandbox.productsBySku().get("REV-LOST-1") as {
        revision?: string;
        variantsInfo?: { variants?: { price?: { actualPrice?: { amount?: string } } }[] };
      }[];
      expect(product?.variantsInfo?.variants?.[0]?.price?.actualPrice?.amount).to.equal("13.00");
      expect(updated.revision).to.equal(product?.revision);
    });
  });
});

describe("containsPayload", () => {
  const payload = buildV3Product(fields("14.50"), configFromEnv({}).sync_fields, "update", {
    id: "p1",
    revision: "3",
  });

  it("accepts a product with Wix's own extra fields and an equal decimal", () => {
    const product = JSON.parse(JSON.stringify(payload).replace('"14.50"', '"14.5"'));
    product.revision = "4";
    product.slug = "walnut-serving-board";
    product.variantsInfo.variants[0].id = "v1";
    expect(containsPayload(product, payload)).to.equal(true);
  });

  it("rejects a product with another value", () => {
    const product = JSON.parse(JSON.stringify(payload).replace('"14.50"', '"14.60"'));
    expect(containsPayload(product, payload)).to.equal(false);
  });
});
