import { expect } from "chai";

import type { Sandbox, V3Product } from "../../worker/src/sandbox/index.js";
import { sandboxPerSuite, v3Product, violations, wix } from "./client.js";

interface BulkResponse {
  results: {
    itemMetadata: {
      id?: string | null;
      originalIndex: number;
      success: boolean;
      error?: { code: string; description: string; data: Record<string, unknown> };
    };
    item?: V3Product;
  }[];
  bulkActionMetadata: { totalSuccesses: number; totalFailures: number; undetailedFailures: number };
}

describe("Wix sandbox V3 bulk endpoints", () => {
  let sandbox: Sandbox;
  sandboxPerSuite("V3", (started) => (sandbox = started));

  async function bulk(operation: string, body: unknown): Promise<BulkResponse> {
    const response = await wix<BulkResponse>(
      sandbox,
      "POST",
      `/stores/v3/bulk/products/${operation}`,
      body,
    );
    expect(response.status, response.text).to.equal(200);
    return response.body;
  }

  describe("when products are created in bulk", () => {
    it("creates 100 products in one call", async () => {
      const products = Array.from({ length: 100 }, (_, index) => v3Product(`B-${index}`));
      const result = await bulk("create", { products });
      expect(result.results).to.have.length(100);
      expect(result.bulkActionMetadata).to.deep.equal({
        totalSuccesses: 100,
        totalFailures: 0,
        undetailedFailures: 0,
      });
      expect(result.results.map((entry) => entry.itemMetadata.originalIndex)).to.deep.equal(
        products.map((_, index) => index),
      );
      expect(result.results[0]?.item).to.equal(undefined);
      expect(sandbox.dump().productCount).to.equal(100);
    });

    it("returns the products when returnEntity is true", async () => {
      const result = await bulk("create", {
        products: [v3Product("E-1")],
        returnEntity: true,
        fields: ["URL"],
      });
      const item = result.results[0]?.item;
      expect(item?.id).to.equal(result.results[0]?.itemMetadata.id);
      expect(item?.revision).to.equal("1");
      expect(item?.url?.relativePath).to.be.a("string");
    });

    it("fails only the items with errors, with their codes", async () => {
      await bulk("create", { products: [v3Product("TAKEN")] });
      const result = await bulk("create", {
        products: [
          v3Product("OK-1"),
          v3Product("TAKEN"),
          v3Product("BAD", { name: "n".repeat(81) }),
          v3Product("OK-2"),
          v3Product("OK-2"),
        ],
      });
      const outcomes = result.results.map((entry) => entry.itemMetadata.success);
      expect(outcomes).to.deep.equal([true, false, false, true, false]);
      expect(result.results[1]?.itemMetadata.error?.code).to.equal("SKU_ALREADY_EXIST_ERROR");
      expect(result.results[2]?.itemMetadata.error?.code).to.equal("INVALID_ARGUMENT");
      expect(JSON.stringify(result.results[2]?.itemMetadata.error?.data)).to.include(
        "product.name",
      );
      expect(result.results[4]?.itemMetadata.error?.code).to.equal("SKU_ALREADY_EXIST_ERROR");
      expect(result.bulkActionMetadata.totalSuccesses).to.equal(2);
      expect(result.bulkActionMetadata.totalFailures).to.equal(3);
    });

    it("returns 400 for 101 products", async () => {
      const products = Array.from({ length: 101 }, (_, index) => v3Product(`L-${index}`));
      const response = await wix(sandbox, "POST", "/stores/v3/bulk/products/create", { products });
      expect(response.status).to.equal(400);
      expect(violations(response)[0]).to.include({ field: "products", violatedRule: "MAX_SIZE" });
      expect(sandbox.dump().productCount).to.equal(0);
    });

    it("returns 400 for an empty list", async () => {
      const response = await wix(sandbox, "POST", "/stores/v3/bulk/products/create", {
        products: [],
      });
      expect(response.status).to.equal(400);
      expect(violations(response)[0]?.violatedRule).to.equal("MIN_SIZE");
    });
  });

  describe("when products are updated in bulk", () => {
    it("updates each product and increments its revision", async () => {
      const created = await bulk("create", { products: [v3Product("U-1"), v3Product("U-2")] });
      const ids = created.results.map((entry) => entry.itemMetadata.id as string);
      const result = await bulk("update", {
        products: ids.map((id) => ({ product: { id, revision: "1", name: `Updated ${id}` } })),
        returnEntity: true,
      });
      expect(result.bulkActionMetadata.totalSuccesses).to.equal(2);
      expect(result.results.map((entry) => entry.item?.revision)).to.deep.equal(["2", "2"]);
      expect(result.results[0]?.item?.name).to.equal(`Updated ${ids[0]}`);
    });

    it("fails a stale revision, a missing product and a missing id separately", async () => {
      const created = await bulk("create", { products: [v3Product("S-1"), v3Product("S-2")] });
      const [first, second] = created.results.map((entry) => entry.itemMetadata.id as string);
      await bulk("update", { products: [{ product: { id: first, revision: "1", name: "Once" } }] });
      const result = await bulk("update", {
        products: [
          { product: { id: first, revision: "1", name: "Stale" } },
          { product: { id: "00000000-0000-4000-8000-000000000000", revision: "1", name: "Gone" } },
          { product: { revision: "1", name: "No id" } },
          { product: { id: second, revision: "1", name: "Fine" } },
        ],
      });
      const codes = result.results.map((entry) => entry.itemMetadata.error?.code ?? "ok");
      expect(codes).to.deep.equal(["REVISION_MISMATCH", "NOT_FOUND", "INVALID_ARGUMENT", "ok"]);
      expect(result.bulkActionMetadata).to.deep.include({ totalSuccesses: 1, totalFailures: 3 });
    });
  });

  describe("when products are deleted in bulk", () => {
    it("deletes the known ids and reports the unknown ones", async () => {
      const created = await bulk("create", { products: [v3Product("D-1"), v3Product("D-2")] });
      const ids = created.results.map((entry) => entry.itemMetadata.id as string);
      const result = await bulk("delete", { productIds: [...ids, "unknown-id"] });
      expect(result.results.map((entry) => entry.itemMetadata.success)).to.deep.equal([
        true,
        true,
        false,
      ]);
      expect(result.results[2]?.itemMetadata.error?.code).to.equal("NOT_FOUND");
      expect(result.results[2]?.itemMetadata.id).to.equal("unknown-id");
      expect(sandbox.dump().productCount).to.equal(0);
    });

    it("returns 400 for 101 ids", async () => {
      const productIds = Array.from({ length: 101 }, (_, index) => `id-${index}`);
      const response = await wix(sandbox, "POST", "/stores/v3/bulk/products/delete", {
        productIds,
      });
      expect(response.status).to.equal(400);
    });
  });
});
