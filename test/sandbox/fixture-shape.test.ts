// Compares the sandbox's V1 responses with real Wix documentation payloads from WIX_FIXTURES_DIR,
// field path by field path, so the sandbox keeps Wix's response shape.
import { expect } from "chai";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

import { startSandbox, type Sandbox } from "../../worker/src/sandbox/index.js";
import { skipBecause } from "../support/skip.js";
import { wix } from "./client.js";

const fixturesDir = process.env.WIX_FIXTURES_DIR
  ? path.join(process.env.WIX_FIXTURES_DIR, "wix")
  : undefined;

function fixture(name: string): unknown {
  return JSON.parse(readFileSync(path.join(fixturesDir as string, name), "utf8"));
}

/** List every field path in a JSON value. Array elements share one `[]` path, taken from the first. */
function fieldPaths(value: unknown, prefix = ""): string[] {
  if (Array.isArray(value)) return value.length > 0 ? fieldPaths(value[0], `${prefix}[]`) : [];
  if (typeof value !== "object" || value === null) return [];
  return Object.entries(value).flatMap(([key, child]) => [
    `${prefix}.${key}`,
    ...fieldPaths(child, `${prefix}.${key}`),
  ]);
}

function missingPaths(expected: unknown, actual: unknown, ignored: RegExp[] = []): string[] {
  const present = new Set(fieldPaths(actual));
  return fieldPaths(expected).filter(
    (field) => !present.has(field) && !ignored.some((pattern) => pattern.test(field)),
  );
}

describe("Wix sandbox response shapes", () => {
  let sandbox: Sandbox;

  before(async function () {
    if (!fixturesDir || !existsSync(fixturesDir)) {
      skipBecause(
        this,
        `Wix payload samples not found; set WIX_FIXTURES_DIR to a folder with wix/*.json`,
      );
    }
    sandbox = await startSandbox({ catalogVersion: "V1", rateLimitPerMinute: 0 });
  });

  after(async () => {
    await sandbox?.close();
  });

  describe("when the documented V1 create request is sent", () => {
    it("returns every field of the documented create response", async () => {
      const response = await wix(
        sandbox,
        "POST",
        "/stores/v1/products",
        fixture("catalog_v1_create_product.request.json"),
      );
      expect(response.status, response.text).to.equal(200);
      expect(
        missingPaths(fixture("catalog_v1_create_product.response.json"), response.body),
      ).to.deep.equal([]);
    });
  });

  describe("when the documented V1 update request is sent", () => {
    it("returns every field of the documented update response", async () => {
      const created = await wix<{ product: { id: string } }>(
        sandbox,
        "POST",
        "/stores/v1/products",
        fixture("catalog_v1_create_product.request.json"),
      );
      const response = await wix(
        sandbox,
        "PATCH",
        `/stores/v1/products/${created.body.product.id}`,
        fixture("catalog_v1_update_product.request.json"),
      );
      expect(response.status, response.text).to.equal(200);
      expect(
        missingPaths(fixture("catalog_v1_update_product.response.json"), response.body),
      ).to.deep.equal([]);
    });
  });

  describe("when products are queried", () => {
    it("returns the documented query response fields", async () => {
      const request = fixture("catalog_v1_create_product.request.json") as { product: object };
      await wix(sandbox, "POST", "/stores/v1/products", {
        product: { ...request.product, visible: true },
      });
      const response = await wix(sandbox, "POST", "/stores/v1/products/query", {
        query: {},
        includeVariants: true,
      });
      expect(response.status, response.text).to.equal(200);
      // Fields that depend on the sample's own data (its options, tracked stock, dashboard-only
      // settings such as SEO data and custom text fields) rather than on the response shape.
      const ignored = [
        /stock\.quantity/,
        /^\.products\[\]\.variants\[\]\.choices\./,
        /pricePerUnit/,
        /^\.products\[\]\.seoData/,
        /^\.products\[\]\.customTextFields\[\]/,
        /^\.products\[\]\.media\./,
        /^\.products\[\]\.productOptions\[\]\.choices\[\]\.media/,
        /^\.products\[\]\.additionalInfoSections\[\]/,
        /^\.products\[\]\.ribbons\[\]/,
        /^\.products\[\]\.variants\[\]\.variant\.costAndProfitData/,
        /^\.products\[\]\.variants\[\]\.stock/,
      ];
      expect(
        missingPaths(
          fixture("catalog_v1_query_products_include_variants.response.json"),
          response.body,
          ignored,
        ),
      ).to.deep.equal([]);
    });
  });
});
