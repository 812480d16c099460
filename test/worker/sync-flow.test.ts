import { expect } from "chai";

import type { SyncResult } from "../../worker/src/index.js";
import {
  createDirectly,
  erpItem,
  deleteEvent,
  startHarness,
  upsertEvent,
  type Harness,
} from "./support.js";

type AnyProduct = {
  id: string;
  name?: string;
  visible?: boolean;
  sku?: string;
  priceData?: { price?: number };
  variantsInfo?: {
    variants?: { sku?: string; barcode?: string; price?: { actualPrice?: { amount?: string } } }[];
  };
  plainDescription?: string;
  description?: string;
};

function productsFor(harness: Harness, sku: string): AnyProduct[] {
  return (harness.sandbox.productsBySku().get(sku) ?? []) as AnyProduct[];
}

function mappingOf(result: SyncResult | undefined) {
  return {
    wix_product_id: result?.wix.product_id ?? null,
    wix_variant_id: result?.wix.variant_id ?? null,
    catalog_version: result?.wix.catalog_version ?? null,
    content_hash: result?.wix.content_hash ?? null,
    wix_revision: result?.wix.revision ?? null,
  };
}

async function deleteDirectly(harness: Harness, catalog: "V1" | "V3", id: string): Promise<void> {
  const response = await fetch(
    `${harness.sandbox.url}/stores/${catalog === "V1" ? "v1" : "v3"}/products/${id}`,
    {
      method: "DELETE",
      headers: { authorization: harness.sandbox.apiKey, "wix-site-id": harness.sandbox.siteId },
    },
  );
  expect(response.status).to.equal(200);
}

for (const catalog of ["V1", "V3"] as const) {
  describe(`worker item sync on Catalog ${catalog}`, function () {
    this.timeout(30_000);
    let harness: Harness;
    let run = 0;
    const code = (label: string) => `${catalog}-${label}-${++run}`;

    before(async () => {
      harness = await startHarness(`flow${catalog}`, { sandbox: { catalogVersion: catalog } });
    });
    after(async () => harness?.close());

    describe("when an item is new", () => {
      it("creates one product with the mapped fields", async () => {
        const sku = code("new");
        const event = upsertEvent(erpItem(sku, { item_name: "Stoneware mug, 350 ml" }));
        await harness.publish(event);
        const [result] = await harness.resultsFor([event.event_id]);
        expect(result?.status, result?.message).to.equal("Success");
        expect(result?.operation).to.equal("create");
        expect(result?.wix.catalog_version).to.equal(catalog);
        expect(result?.wix.content_hash).to.match(/^[0-9a-f]{64}$/);
        const products = productsFor(harness, sku);
        expect(products).to.have.length(1);
        expect(products[0]?.name).to.equal("Stoneware mug, 350 ml");
        if (catalog === "V3") {
          const variants = products[0]?.variantsInfo?.variants ?? [];
          expect(variants).to.have.length(1);
          expect(variants[0]?.price?.actualPrice?.amount).to.equal("14.5");
          expect(variants[0]?.barcode).to.equal("4006381333931");
        } else {
          expect(products[0]?.priceData?.price).to.equal(14.5);
        }
      });
    });

    describe("when Wix calls are counted", () => {
      it(`creates and updates with ${catalog === "V3" ? "one call each" : "one call each plus media"}`, async () => {
        const apiCalls = () =>
          harness.sandbox.calls().filter((call) => call.path !== "/stores/v3/provision/version");
        const item = erpItem(code("calls"));
        const before = apiCalls().length;
        const first = upsertEvent(item);
        await harness.publish(first);
        const [created] = await harness.resultsFor([first.event_id]);
        const createCalls = apiCalls().slice(before);
        const changed = upsertEvent(erpItem(item.item_code, { item_name: "Counted" }), {
          mapping: mappingOf(created),
        });
        await harness.publish(changed);
        await harness.resultsFor([changed.event_id]);
        const updateCalls = apiCalls().slice(before + createCalls.length);
        const withoutMedia = (calls: typeof createCalls) =>
          calls.filter((call) => !call.path.includes("/media"));
        if (catalog === "V3") {
          expect(createCalls.map((call) => call.path)).to.deep.equal(["/stores/v3/products"]);
          expect(updateCalls).to.have.length(1);
        } else {
          expect(withoutMedia(createCalls).map((call) => call.path)).to.deep.equal([
            "/stores/v1/products/query",
            "/stores/v1/products",
          ]);
          expect(withoutMedia(updateCalls)).to.have.length(1);
        }
      });

      it("detects the catalog version once", () => {
        const versionCalls = harness.sandbox
          .calls()
          .filter((call) => call.path === "/stores/v3/provision/version");
        expect(versionCalls).to.have.length(1);
      });
    });

    describe("when a save changed nothing", () => {
      it("skips it without calling Wix", async () => {
        const item = erpItem(code("same"));
        const first = upsertEvent(item);
        await harness.publish(first);
        const [created] = await harness.resultsFor([first.event_id]);
        const callsBefore = harness.sandbox.calls().length;
        const again = upsertEvent(
          { ...item, item_version: erpItem("x").item_version },
          { mapping: mappingOf(created) },
        );
        await harness.publish(again);
        const [skipped] = await harness.resultsFor([again.event_id]);
        expect(skipped?.status).to.equal("Skipped");
        expect(skipped?.operation).to.equal("noop");
        expect(skipped?.wix.product_id).to.equal(created?.wix.product_id);
        expect(harness.sandbox.calls().length).to.equal(callsBefore);
      });
    });

    describe("when Wix already has the SKU", () => {
      it("adopts the existing product instead of creating one", async () => {
        const sku = code("adopt");
        const existing = await createDirectly(harness, catalog, sku);
        const event = upsertEvent(erpItem(sku, { item_name: "Adopted mug" }));
        await harness.publish(event);
        const [result] = await harness.resultsFor([event.event_id]);
        expect(result?.status, result?.message).to.equal("Success");
        expect(result?.operation).to.equal("adopt");
        expect(result?.wix.product_id).to.equal(existing);
        const products = productsFor(harness, sku);
        expect(products).to.have.length(1);
        expect(products[0]?.name).to.equal("Adopted mug");
      });
    });

    describe("when a mapped item changes", () => {
      it("updates the product", async () => {
        const item = erpItem(code("update"));
        const first = upsertEvent(item);
        await harness.publish(first);
        const [created] = await harness.resultsFor([first.event_id]);
        const changed = upsertEvent(erpItem(item.item_code, { item_name: "Renamed mug" }), {
          mapping: mappingOf(created),
        });
        await harness.publish(changed);
        const [updated] = await harness.resultsFor([changed.event_id]);
        expect(updated?.status, updated?.message).to.equal("Success");
        expect(updated?.operation).to.equal("update");
        expect(updated?.wix.product_id).to.equal(created?.wix.product_id);
        expect(productsFor(harness, item.item_code)[0]?.name).to.equal("Renamed mug");
      });
    });

    describe("when the product was deleted in Wix", () => {
      it("recreates it on the next save", async () => {
        const item = erpItem(code("recreate"));
        const first = upsertEvent(item);
        await harness.publish(first);
        const [created] = await harness.resultsFor([first.event_id]);
        await deleteDirectly(harness, catalog, created!.wix.product_id!);
        const next = upsertEvent(erpItem(item.item_code, { item_name: "Back again" }), {
          mapping: mappingOf(created),
        });
        await harness.publish(next);
        const [recreated] = await harness.resultsFor([next.event_id]);
        expect(recreated?.status, recreated?.message).to.equal("Success");
        expect(recreated?.operation).to.equal("create");
        expect(recreated?.wix.product_id).not.to.equal(created?.wix.product_id);
        expect(productsFor(harness, item.item_code)).to.have.length(1);
      });
    });

    describe("when an item is disabled", () => {
      it("hides its product", async () => {
        const item = erpItem(code("disable"));
        const first = upsertEvent(item);
        await harness.publish(first);
        await harness.resultsFor([first.event_id]);
        const disabled = upsertEvent(erpItem(item.item_code, { disabled: true }));
        await harness.publish(disabled);
        const [result] = await harness.resultsFor([disabled.event_id]);
        expect(result?.status, result?.message).to.equal("Success");
        expect(result?.operation).to.equal("hide");
        expect(productsFor(harness, item.item_code)[0]?.visible).to.equal(false);
      });
    });

    describe("when an item is deleted", () => {
      it("deletes its product", async () => {
        const item = erpItem(code("delete"));
        const first = upsertEvent(item);
        await harness.publish(first);
        await harness.resultsFor([first.event_id]);
        const removal = deleteEvent(item.item_code);
        await harness.publish(removal);
        const [result] = await harness.resultsFor([removal.event_id]);
        expect(result?.status, result?.message).to.equal("Success");
        expect(result?.operation).to.equal("delete");
        expect(productsFor(harness, item.item_code)).to.have.length(0);
      });
    });

    describe("when an older event arrives after a newer one", () => {
      it("reports it as Superseded and keeps the newer state", async () => {
        const sku = code("stale");
        const older = erpItem(sku, { item_name: "Older name" });
        const newer = erpItem(sku, { item_name: "Newer name" });
        const newerEvent = upsertEvent(newer);
        await harness.publish(newerEvent);
        await harness.resultsFor([newerEvent.event_id]);
        const olderEvent = upsertEvent(older);
        await harness.publish(olderEvent);
        const [result] = await harness.resultsFor([olderEvent.event_id]);
        expect(result?.status).to.equal("Superseded");
        expect(productsFor(harness, sku)[0]?.name).to.equal("Newer name");
      });
    });

    describe("when an item breaks a Wix limit", () => {
      it("fails permanently naming the field, limit and length", async () => {
        const event = upsertEvent(erpItem(code("long"), { item_name: "n".repeat(95) }));
        const callsBefore = harness.sandbox.calls().length;
        await harness.publish(event);
        const [result] = await harness.resultsFor([event.event_id]);
        expect(result?.status).to.equal("Failed");
        expect(result?.operation).to.equal("validate");
        expect(result?.error?.code).to.equal("VALIDATION_FAILED");
        expect(result?.error?.permanent).to.equal(true);
        expect(result?.error?.field).to.equal("name");
        expect(result?.message).to.include("95 characters").and.include("at most 80");
        expect(harness.sandbox.calls().length).to.equal(callsBefore);
      });
    });
  });
}
