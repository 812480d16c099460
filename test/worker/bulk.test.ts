import { expect } from "chai";

import { createDirectly, erpItem, startHarness, upsertEvent, type Harness } from "./support.js";

describe("worker bulk sync", function () {
  this.timeout(60_000);
  let harness: Harness;
  afterEach(async () => harness?.close());

  describe("when a V3 bulk sync publishes 250 items", () => {
    it("creates them with bulk calls of up to 100 products", async () => {
      harness = await startHarness("bulkv3", {
        sandbox: { catalogVersion: "V3" },
        worker: { bulkLingerMs: 300 },
      });
      const events = Array.from({ length: 250 }, (_, index) =>
        upsertEvent(erpItem(`BULK-${index}`), { trigger: "bulk" }),
      );
      await Promise.all(events.map((event) => harness.publish(event)));
      const results = await harness.resultsFor(
        events.map((event) => event.event_id),
        30_000,
      );
      expect(
        results.filter((result) => result?.status !== "Success").map((result) => result?.message),
      ).to.deep.equal([]);
      const bulkCalls = harness.sandbox
        .calls()
        .filter((call) => call.path === "/stores/v3/bulk/products/create");
      const singleCreates = harness.sandbox
        .calls()
        .filter((call) => call.method === "POST" && call.path === "/stores/v3/products");
      expect(singleCreates).to.have.length(0);
      expect(bulkCalls.length).to.be.at.most(4);
      expect(bulkCalls.length).to.be.at.least(3);
      for (const event of events)
        expect(harness.sandbox.productsBySku().get(event.item.item_code)).to.have.length(1);
      // Each result carries only its own item's part of the bulk request and response.
      for (const [index, result] of results.entries()) {
        const code = events[index]!.item.item_code;
        const request = result?.request?.body as {
          products: { variantsInfo: { variants: { sku: string }[] } }[];
        };
        const response = result?.response as {
          results: { item: { variantsInfo: { variants: { sku: string }[] } } }[];
        };
        expect(request.products.map((p) => p.variantsInfo.variants[0]!.sku)).to.deep.equal([code]);
        expect(response.results.map((r) => r.item.variantsInfo.variants[0]!.sku)).to.deep.equal([
          code,
        ]);
        expect(JSON.stringify(result).length).to.be.below(8000);
      }
    });
  });

  describe("when a bulk item's SKU already exists in Wix", () => {
    it("adopts that product through the one-item path", async () => {
      harness = await startHarness("bulkdup", { sandbox: { catalogVersion: "V3" } });
      const existing = await createDirectly(harness, "V3", "BULKDUP-2");
      const events = [
        upsertEvent(erpItem("BULKDUP-3"), { trigger: "bulk" }),
        upsertEvent(erpItem("BULKDUP-2", { item_name: "Renamed in bulk" }), { trigger: "bulk" }),
      ];
      for (const event of events) await harness.publish(event);
      const results = await harness.resultsFor(events.map((event) => event.event_id));
      expect(results.map((result) => result?.status)).to.deep.equal(["Success", "Success"]);
      expect(results[1]?.operation).to.equal("adopt");
      expect(results[1]?.wix.product_id).to.equal(existing);
      expect(harness.sandbox.productsBySku().get("BULKDUP-2")).to.have.length(1);
    });
  });

  describe("when a V1 bulk sync runs", () => {
    it("syncs each item on its own", async () => {
      harness = await startHarness("bulkv1", { sandbox: { catalogVersion: "V1" } });
      const events = Array.from({ length: 20 }, (_, index) =>
        upsertEvent(erpItem(`BULKV1-${index}`), { trigger: "bulk" }),
      );
      for (const event of events) await harness.publish(event);
      const results = await harness.resultsFor(events.map((event) => event.event_id));
      expect(results.every((result) => result?.status === "Success")).to.equal(true);
      expect(harness.sandbox.calls().filter((call) => call.path.includes("bulk"))).to.have.length(
        0,
      );
    });
  });
});
