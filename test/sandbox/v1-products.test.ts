import { expect } from "chai";

import { V1_LIMITS, type Sandbox, type V1Product } from "../../worker/src/sandbox/index.js";
import { applicationErrorCode, sandboxPerSuite, v1Product, violations, wix } from "./client.js";

interface ProductResponse {
  product: V1Product;
}

interface QueryResponse {
  products: V1Product[];
  metadata: { items: number; offset: number };
  totalResults: number;
}

describe("Wix sandbox V1 products", () => {
  let sandbox: Sandbox;
  sandboxPerSuite("V1", (started) => (sandbox = started));

  async function create(product: Record<string, unknown>): Promise<V1Product> {
    const response = await wix<ProductResponse>(sandbox, "POST", "/stores/v1/products", {
      product,
    });
    expect(response.status, response.text).to.equal(200);
    return response.body.product;
  }

  describe("when a product is created", () => {
    it("returns the product with Wix's read-only fields", async () => {
      const product = await create(
        v1Product("MUG-1", { description: "<p>Mug</p>", brand: "Acme" }),
      );
      expect(product.id).to.match(/^[0-9a-f-]{36}$/);
      expect(product.slug).to.equal("product-mug-1");
      expect(product.sku).to.equal("MUG-1");
      expect(product.productType).to.equal("physical");
      expect(product.visible).to.equal(true);
      expect(product.priceData?.price).to.equal(10.5);
      expect(product.priceData?.formatted?.price).to.equal("$10.50");
      expect(product.productPageUrl).to.deep.equal({
        base: sandbox.url,
        path: "/product-page/product-mug-1",
      });
      expect(product.numericId).to.match(/^\d+$/);
      expect(product.media).to.deep.equal({ items: [] });
      expect(product.variants?.[0]?.id).to.equal("00000000-0000-0000-0000-000000000000");
      expect(product.createdDate).to.be.a("string");
    });

    it("applies the discount to discountedPrice", async () => {
      const product = await create(v1Product("D-1", { discount: { type: "PERCENT", value: 10 } }));
      expect(product.priceData?.discountedPrice).to.equal(9.45);
    });

    it("builds one variant per option choice when variants are managed", async () => {
      const product = await create(
        v1Product("TEE", {
          manageVariants: true,
          productOptions: [
            {
              name: "Size",
              choices: [
                { value: "S", description: "S" },
                { value: "L", description: "L" },
              ],
            },
          ],
        }),
      );
      expect(product.variants).to.have.length(2);
      expect(product.variants?.map((variant) => variant.choices)).to.deep.equal([
        { Size: "S" },
        { Size: "L" },
      ]);
      expect(product.variants?.[0]?.variant?.sku).to.equal("TEE");
      expect(product.sku).to.equal(undefined);
    });

    it("keeps variant ids when an update keeps their choices", async () => {
      const sizes = (values: string[]) => [
        { name: "Size", choices: values.map((value) => ({ value, description: value })) },
      ];
      const product = await create(
        v1Product("KEEP", { manageVariants: true, productOptions: sizes(["S", "M"]) }),
      );
      const response = await wix<ProductResponse>(
        sandbox,
        "PATCH",
        `/stores/v1/products/${product.id}`,
        {
          product: { productOptions: sizes(["S", "L"]) },
        },
      );
      const before = product.variants ?? [];
      const after = response.body.product.variants ?? [];
      expect(after.map((variant) => variant.choices)).to.deep.equal([{ Size: "S" }, { Size: "L" }]);
      expect(after[0]?.id).to.equal(before[0]?.id);
      expect(after[1]?.id).to.not.equal(before[1]?.id);
    });

    it("adds a suffix to a slug already taken", async () => {
      const first = await create(v1Product("A", { name: "Same name" }));
      const second = await create(v1Product("B", { name: "Same name" }));
      expect(first.slug).to.equal("same-name");
      expect(second.slug).to.equal("same-name-1");
    });

    it("accepts a SKU that another product already has", async () => {
      const first = await create(v1Product("DUP"));
      const second = await create(v1Product("DUP"));
      expect(second.id).to.not.equal(first.id);
      expect(sandbox.productsBySku().get("DUP")).to.have.length(2);
    });
  });

  describe("when a create request breaks a field limit", () => {
    const limits = V1_LIMITS.product;
    const cases: [string, Record<string, unknown>, string, string][] = [
      [
        "an 81-char name",
        { name: "n".repeat(limits.nameMaxLength + 1) },
        "product.name",
        "MAX_LENGTH",
      ],
      ["an empty name", { name: "" }, "product.name", "MIN_LENGTH"],
      ["a 41-char SKU", { sku: "s".repeat(limits.skuMaxLength + 1) }, "product.sku", "MAX_LENGTH"],
      [
        "an 8001-char description",
        { description: "d".repeat(limits.descriptionMaxLength + 1) },
        "product.description",
        "MAX_LENGTH",
      ],
      [
        "a 51-char brand",
        { brand: "b".repeat(limits.brandMaxLength + 1) },
        "product.brand",
        "MAX_LENGTH",
      ],
      ["a 31-char ribbon", { ribbon: "r".repeat(31) }, "product.ribbon", "MAX_LENGTH"],
      [
        "a too high price",
        { priceData: { price: 1_000_000_000 } },
        "product.priceData.price",
        "MAX",
      ],
      ["a too high weight", { weight: 1_000_000_000 }, "product.weight", "MAX"],
      ["a digital product", { productType: "digital" }, "product.productType", "OTHER"],
    ];
    for (const [name, overrides, field, rule] of cases) {
      it(`returns 400 for ${name}`, async () => {
        const response = await wix(sandbox, "POST", "/stores/v1/products", {
          product: v1Product("LIMIT", overrides),
        });
        expect(response.status).to.equal(400);
        const violation = violations(response).find((item) => item.field === field);
        expect(violation, response.text).to.not.equal(undefined);
        expect(violation?.violatedRule).to.equal(rule);
        expect(sandbox.dump().productCount).to.equal(0);
      });
    }

    it("accepts values exactly at the limits", async () => {
      const product = await create(
        v1Product("s".repeat(limits.skuMaxLength), {
          name: "n".repeat(limits.nameMaxLength),
          description: "d".repeat(limits.descriptionMaxLength),
          brand: "b".repeat(limits.brandMaxLength),
          priceData: { price: limits.priceMax },
        }),
      );
      expect(product.name).to.have.length(limits.nameMaxLength);
    });

    it("names the threshold in the violation data", async () => {
      const response = await wix(sandbox, "POST", "/stores/v1/products", {
        product: v1Product("X", { name: "n".repeat(81) }),
      });
      const violation = violations(response).find((item) => item.field === "product.name");
      expect(violation?.data).to.deep.equal({ threshold: 80 });
      expect(response.text).to.include("length 81");
    });

    it("lists every missing required field", async () => {
      const response = await wix(sandbox, "POST", "/stores/v1/products", { product: {} });
      expect(response.status).to.equal(400);
      const fields = violations(response).map((violation) => violation.field);
      expect(fields).to.include("product.name");
      expect(fields).to.include("product.priceData.price");
    });
  });

  describe("when a product is read, updated and deleted", () => {
    it("returns the product from both the writer and reader paths", async () => {
      const created = await create(v1Product("R-1"));
      const writer = await wix<ProductResponse>(
        sandbox,
        "GET",
        `/stores/v1/products/${created.id}`,
      );
      const reader = await wix<ProductResponse>(
        sandbox,
        "GET",
        `/stores-reader/v1/products/${created.id}`,
      );
      expect(writer.status).to.equal(200);
      expect(reader.status).to.equal(200);
      expect(reader.body.product).to.deep.equal(writer.body.product);
    });

    it("merges a partial update and keeps the other fields", async () => {
      const created = await create(v1Product("U-1", { brand: "Acme", description: "old" }));
      const response = await wix<ProductResponse>(
        sandbox,
        "PATCH",
        `/stores/v1/products/${created.id}`,
        {
          product: { priceData: { price: 12 }, description: "new" },
        },
      );
      expect(response.status, response.text).to.equal(200);
      expect(response.body.product.priceData?.price).to.equal(12);
      expect(response.body.product.description).to.equal("new");
      expect(response.body.product.brand).to.equal("Acme");
      expect(response.body.product.name).to.equal(created.name);
      expect(response.body.product.slug).to.equal(created.slug);
    });

    it("rejects an update that breaks a limit and keeps the product", async () => {
      const created = await create(v1Product("U-2"));
      const response = await wix(sandbox, "PATCH", `/stores/v1/products/${created.id}`, {
        product: { name: "n".repeat(81) },
      });
      expect(response.status).to.equal(400);
      const stored = await wix<ProductResponse>(
        sandbox,
        "GET",
        `/stores/v1/products/${created.id}`,
      );
      expect(stored.body.product.name).to.equal(created.name);
    });

    it("hides a product through visible false", async () => {
      const created = await create(v1Product("H-1"));
      const response = await wix<ProductResponse>(
        sandbox,
        "PATCH",
        `/stores/v1/products/${created.id}`,
        {
          product: { visible: false },
        },
      );
      expect(response.body.product.visible).to.equal(false);
    });

    it("deletes a product, then returns 404", async () => {
      const created = await create(v1Product("DEL-1"));
      const deleted = await wix(sandbox, "DELETE", `/stores/v1/products/${created.id}`);
      expect(deleted.status).to.equal(200);
      expect(deleted.body).to.deep.equal({});
      const read = await wix(sandbox, "GET", `/stores/v1/products/${created.id}`);
      expect(read.status).to.equal(404);
      expect(applicationErrorCode(read)).to.equal("NOT_FOUND");
      const again = await wix(sandbox, "DELETE", `/stores/v1/products/${created.id}`);
      expect(again.status).to.equal(404);
    });

    it("returns 404 to an update of an unknown product", async () => {
      const response = await wix(sandbox, "PATCH", "/stores/v1/products/missing", {
        product: { name: "x" },
      });
      expect(response.status).to.equal(404);
    });
  });

  describe("when products are queried", () => {
    async function query(body: unknown, path = "/stores/v1/products/query") {
      const response = await wix<QueryResponse>(sandbox, "POST", path, body);
      expect(response.status, response.text).to.equal(200);
      return response.body;
    }

    it("filters by SKU with $eq in a JSON string", async () => {
      await create(v1Product("Q-1"));
      await create(v1Product("Q-2"));
      const result = await query({ query: { filter: JSON.stringify({ sku: { $eq: "Q-2" } }) } });
      expect(result.products.map((product) => product.sku)).to.deep.equal(["Q-2"]);
      expect(result.totalResults).to.equal(1);
    });

    it("filters by SKU with $in in an object", async () => {
      for (const sku of ["Q-1", "Q-2", "Q-3"]) await create(v1Product(sku));
      const result = await query({ query: { filter: { sku: { $in: ["Q-1", "Q-3"] } } } });
      expect(result.products.map((product) => product.sku)).to.deep.equal(["Q-1", "Q-3"]);
    });

    it("finds an updated SKU, not the old", async () => {
      const created = await create(v1Product("OLD-SKU"));
      await wix(sandbox, "PATCH", `/stores/v1/products/${created.id}`, {
        product: { sku: "NEW-SKU" },
      });
      const old = await query({ query: { filter: { sku: "OLD-SKU" } } });
      const current = await query({ query: { filter: { sku: "NEW-SKU" } } });
      expect(old.totalResults).to.equal(0);
      expect(current.products.map((product) => product.id)).to.deep.equal([created.id]);
    });

    it("does not find a deleted product by SKU", async () => {
      const created = await create(v1Product("GONE"));
      await wix(sandbox, "DELETE", `/stores/v1/products/${created.id}`);
      const result = await query({ query: { filter: { sku: "GONE" } } });
      expect(result.totalResults).to.equal(0);
    });

    it("applies the other conditions of a SKU filter", async () => {
      const first = await create(v1Product("BOTH", { name: "First" }));
      await create(v1Product("BOTH", { name: "Second" }));
      const result = await query({
        query: { filter: { $and: [{ sku: { $eq: "BOTH" } }, { name: { $startsWith: "Fir" } }] } },
      });
      expect(result.products.map((product) => product.id)).to.deep.equal([first.id]);
    });

    it("returns duplicate SKUs oldest first", async () => {
      const first = await create(v1Product("TWICE"));
      const second = await create(v1Product("TWICE"));
      const result = await query({ query: { filter: { sku: "TWICE" } } });
      expect(result.products.map((product) => product.id)).to.deep.equal([first.id, second.id]);
    });

    it("leaves hidden products out unless includeHiddenProducts is set", async () => {
      await create(v1Product("V-1"));
      await create(v1Product("V-2", { visible: false }));
      const visibleOnly = await query({ query: {} });
      const all = await query({ query: {}, includeHiddenProducts: true });
      expect(visibleOnly.totalResults).to.equal(1);
      expect(all.totalResults).to.equal(2);
    });

    it("pages with limit and offset", async () => {
      for (let index = 0; index < 5; index += 1) await create(v1Product(`P-${index}`));
      const page = await query({ query: { paging: { limit: 2, offset: 2 } } });
      expect(page.products.map((product) => product.sku)).to.deep.equal(["P-2", "P-3"]);
      expect(page.metadata).to.deep.equal({ items: 2, offset: 2 });
      expect(page.totalResults).to.equal(5);
    });

    it("sorts by a JSON-string sort", async () => {
      for (const name of ["b", "c", "a"]) await create(v1Product(name, { name }));
      const result = await query({ query: { sort: JSON.stringify([{ name: "desc" }]) } });
      expect(result.products.map((product) => product.name)).to.deep.equal(["c", "b", "a"]);
    });

    it("returns variants only with includeVariants", async () => {
      await create(v1Product("IV-1"));
      const without = await query({ query: {} });
      const withVariants = await query({ query: {}, includeVariants: true });
      expect(without.products[0]?.variants).to.deep.equal([]);
      expect(withVariants.products[0]?.variants).to.have.length(1);
    });

    it("serves the query under /stores-reader/v1", async () => {
      await create(v1Product("RD-1"));
      const result = await query({ query: {} }, "/stores-reader/v1/products/query");
      expect(result.totalResults).to.equal(1);
    });

    it("returns 400 for a limit above 100", async () => {
      const response = await wix(sandbox, "POST", "/stores/v1/products/query", {
        query: { paging: { limit: 101 } },
      });
      expect(response.status).to.equal(400);
      expect(violations(response)[0]?.field).to.equal("query.paging.limit");
    });

    it("returns 400 for a filter that is not JSON", async () => {
      const response = await wix(sandbox, "POST", "/stores/v1/products/query", {
        query: { filter: "{sku:" },
      });
      expect(response.status).to.equal(400);
      expect(violations(response)[0]?.field).to.equal("query.filter");
    });
  });

  describe("when media is added and removed", () => {
    it("adds media by URL and sets the main media", async () => {
      const created = await create(v1Product("M-1"));
      const added = await wix(sandbox, "POST", `/stores/v1/products/${created.id}/media`, {
        media: [{ url: "https://example.invalid/a.jpg" }, { url: "https://example.invalid/b.jpg" }],
      });
      expect(added.status).to.equal(200);
      expect(added.body).to.deep.equal({});
      const read = await wix<ProductResponse>(sandbox, "GET", `/stores/v1/products/${created.id}`);
      const media = read.body.product.media;
      expect(media?.items).to.have.length(2);
      expect(media?.mainMedia?.image?.url).to.equal("https://example.invalid/a.jpg");
    });

    it("removes the listed media, and all media for an empty list", async () => {
      const created = await create(v1Product("M-2"));
      await wix(sandbox, "POST", `/stores/v1/products/${created.id}/media`, {
        media: [{ mediaId: "one.jpg" }, { mediaId: "two.jpg" }],
      });
      await wix(sandbox, "POST", `/stores/v1/products/${created.id}/media/delete`, {
        mediaIds: ["one.jpg"],
      });
      let read = await wix<ProductResponse>(sandbox, "GET", `/stores/v1/products/${created.id}`);
      expect(read.body.product.media?.items?.map((item) => item.id)).to.deep.equal(["two.jpg"]);
      await wix(sandbox, "POST", `/stores/v1/products/${created.id}/media/delete`, {
        mediaIds: [],
      });
      read = await wix<ProductResponse>(sandbox, "GET", `/stores/v1/products/${created.id}`);
      expect(read.body.product.media).to.deep.equal({ items: [] });
    });

    it("returns 400 for more than 50 media items in one call", async () => {
      const created = await create(v1Product("M-3"));
      const media = Array.from({ length: 51 }, (_, index) => ({
        url: `https://example.invalid/${index}`,
      }));
      const response = await wix(sandbox, "POST", `/stores/v1/products/${created.id}/media`, {
        media,
      });
      expect(response.status).to.equal(400);
      expect(violations(response)[0]).to.include({ field: "media", violatedRule: "MAX_SIZE" });
    });

    it("rejects media beyond 50 items on the product", async () => {
      const created = await create(v1Product("M-5"));
      const media = Array.from({ length: 50 }, (_, index) => ({ mediaId: `m${index}.jpg` }));
      const first = await wix(sandbox, "POST", `/stores/v1/products/${created.id}/media`, {
        media,
      });
      expect(first.status).to.equal(200);
      const extra = await wix(sandbox, "POST", `/stores/v1/products/${created.id}/media`, {
        media: [{ mediaId: "one-too-many.jpg" }],
      });
      expect(extra.status).to.equal(400);
      expect(applicationErrorCode(extra)).to.equal("MEDIA_LIMIT_EXCEEDED");
      const read = await wix<ProductResponse>(sandbox, "GET", `/stores/v1/products/${created.id}`);
      expect(read.body.product.media?.items).to.have.length(50);
    });

    it("returns 400 for an empty media list", async () => {
      const created = await create(v1Product("M-4"));
      const response = await wix(sandbox, "POST", `/stores/v1/products/${created.id}/media`, {
        media: [],
      });
      expect(response.status).to.equal(400);
    });
  });
});
