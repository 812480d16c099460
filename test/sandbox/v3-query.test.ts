import { expect } from "chai";

import { startSandbox, type Sandbox, type V3Product } from "../../worker/src/sandbox/index.js";
import { v3Product, violations, wix } from "./client.js";

interface PageResponse {
  products: V3Product[];
  pagingMetadata: {
    count: number;
    cursors: { next: string | null; prev: string | null };
    hasNext: boolean;
  };
}

describe("Wix sandbox V3 query and search", () => {
  let sandbox: Sandbox;
  const created: V3Product[] = [];

  before(async () => {
    sandbox = await startSandbox({ catalogVersion: "V3", rateLimitPerMinute: 0 });
    for (let index = 0; index < 7; index += 1) {
      const response = await wix<{ product: V3Product }>(sandbox, "POST", "/stores/v3/products", {
        product: v3Product(`SKU-${index}`, {
          visible: index !== 6,
          variantsInfo: {
            variants: [
              {
                sku: `SKU-${index}`,
                barcode: `BAR-${index}`,
                price: { actualPrice: { amount: "1" } },
              },
            ],
          },
        }),
      });
      created.push(response.body.product);
    }
  });

  after(async () => {
    await sandbox.close();
  });

  async function page(path: string, body: unknown): Promise<PageResponse> {
    const response = await wix<PageResponse>(sandbox, "POST", path, body);
    expect(response.status, response.text).to.equal(200);
    return response.body;
  }

  describe("when products are searched by SKU", () => {
    it("finds a product by variantsInfo.variants.sku", async () => {
      const result = await page("/stores/v3/products/search", {
        search: { filter: { "variantsInfo.variants.sku": { $eq: "SKU-3" } } },
      });
      expect(result.products.map((product) => product.id)).to.deep.equal([created[3]?.id]);
    });

    it("finds products by SKU with $in", async () => {
      const result = await page("/stores/v3/products/search", {
        search: { filter: { "variantsInfo.variants.sku": { $in: ["SKU-1", "SKU-5", "NONE"] } } },
      });
      expect(result.products.map((product) => product.id)).to.deep.equal([
        created[1]?.id,
        created[5]?.id,
      ]);
    });

    it("finds a product by SKU inside $matchItems", async () => {
      const result = await page("/stores/v3/products/search", {
        search: {
          filter: { "variantsInfo.variants": { $matchItems: [{ sku: { $eq: "SKU-2" } }] } },
        },
      });
      expect(result.products.map((product) => product.id)).to.deep.equal([created[2]?.id]);
    });

    it("finds a product by barcode", async () => {
      const result = await page("/stores/v3/products/search", {
        search: { filter: { "variantsInfo.variants.barcode": "BAR-4" } },
      });
      expect(result.products.map((product) => product.id)).to.deep.equal([created[4]?.id]);
    });

    it("returns nothing for an unknown SKU", async () => {
      const result = await page("/stores/v3/products/search", {
        search: { filter: { "variantsInfo.variants.sku": "MISSING" } },
      });
      expect(result.products).to.deep.equal([]);
      expect(result.pagingMetadata.hasNext).to.equal(false);
    });

    it("applies the other conditions of a SKU filter", async () => {
      const result = await page("/stores/v3/products/search", {
        search: { filter: { "variantsInfo.variants.sku": "SKU-6", visible: true } },
      });
      expect(result.products).to.deep.equal([]);
    });

    it("leaves variantsInfo out of the results", async () => {
      const result = await page("/stores/v3/products/search", {
        search: { filter: { "variantsInfo.variants.sku": "SKU-0" } },
      });
      expect(result.products[0]?.variantsInfo).to.equal(undefined);
      expect(result.products[0]?.revision).to.equal("1");
    });

    it("matches free text in search.expression", async () => {
      const result = await page("/stores/v3/products/search", {
        search: { search: { expression: "sku-6" } },
      });
      expect(result.products.map((product) => product.id)).to.deep.equal([created[6]?.id]);
    });
  });

  describe("when products are queried", () => {
    it("filters by id with $in, accepting the SDK's _id name", async () => {
      const ids = [created[0]?.id, created[4]?.id];
      const result = await page("/stores/v3/products/query", {
        query: { filter: { _id: { $in: ids } } },
      });
      expect(result.products.map((product) => product.id)).to.deep.equal(ids);
    });

    it("filters by visible", async () => {
      const result = await page("/stores/v3/products/query", {
        query: { filter: { visible: false } },
      });
      expect(result.products.map((product) => product.id)).to.deep.equal([created[6]?.id]);
    });

    it("rejects a SKU filter and points to Search Products", async () => {
      const response = await wix(sandbox, "POST", "/stores/v3/products/query", {
        query: { filter: { "variantsInfo.variants.sku": "SKU-1" } },
      });
      expect(response.status).to.equal(400);
      expect(violations(response)[0]?.field).to.equal("query.filter.variantsInfo.variants.sku");
      expect(response.text).to.include("/stores/v3/products/search");
    });

    it("rejects an unknown filter operator", async () => {
      const response = await wix(sandbox, "POST", "/stores/v3/products/query", {
        query: { filter: { slug: { $regex: "x" } } },
      });
      expect(response.status).to.equal(400);
      expect(response.text).to.include("$regex");
    });

    it("sorts by slug descending", async () => {
      const result = await page("/stores/v3/products/query", {
        query: { sort: [{ fieldName: "slug", order: "DESC" }], cursorPaging: { limit: 2 } },
      });
      expect(result.products.map((product) => product.slug)).to.deep.equal([
        "product-sku-6",
        "product-sku-5",
      ]);
    });

    it("rejects sorting by a field Query Products cannot sort by", async () => {
      const response = await wix(sandbox, "POST", "/stores/v3/products/query", {
        query: { sort: [{ fieldName: "name", order: "ASC" }] },
      });
      expect(response.status).to.equal(400);
      expect(violations(response)[0]?.field).to.equal("query.sort[0].fieldName");
    });

    it("returns 400 for a limit above 100", async () => {
      const response = await wix(sandbox, "POST", "/stores/v3/products/query", {
        query: { cursorPaging: { limit: 101 } },
      });
      expect(response.status).to.equal(400);
      expect(violations(response)[0]?.field).to.equal("query.cursorPaging.limit");
    });
  });

  describe("when results span pages", () => {
    it("walks every product once through the next cursors", async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const cursorPaging: Record<string, unknown> = cursor ? { limit: 3, cursor } : { limit: 3 };
        const result: PageResponse = await page("/stores/v3/products/query", {
          query: { cursorPaging },
        });
        seen.push(...result.products.map((product) => product.id as string));
        expect(result.pagingMetadata.count).to.equal(result.products.length);
        cursor = result.pagingMetadata.cursors.next;
        expect(result.pagingMetadata.hasNext).to.equal(cursor !== null);
        pages += 1;
      } while (cursor && pages < 10);
      expect(pages).to.equal(3);
      expect(seen).to.deep.equal(created.map((product) => product.id));
    });

    it("keeps the filter of the first page in the cursor", async () => {
      const first = await page("/stores/v3/products/search", {
        search: {
          filter: { "variantsInfo.variants.sku": { $in: ["SKU-1", "SKU-2", "SKU-3"] } },
          cursorPaging: { limit: 2 },
        },
      });
      const cursor = first.pagingMetadata.cursors.next as string;
      const second = await page("/stores/v3/products/search", {
        search: { cursorPaging: { cursor } },
      });
      expect(second.products.map((product) => product.id)).to.deep.equal([created[3]?.id]);
      expect(second.pagingMetadata.cursors.prev).to.be.a("string");
    });

    it("returns 400 for a cursor it did not issue", async () => {
      const response = await wix(sandbox, "POST", "/stores/v3/products/query", {
        query: { cursorPaging: { cursor: "not-a-cursor" } },
      });
      expect(response.status).to.equal(400);
      expect(violations(response)[0]?.field).to.equal("query.cursorPaging.cursor");
    });
  });
});
