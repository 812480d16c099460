import { expect } from "chai";

import { V3_LIMITS, type Sandbox, type V3Product } from "../../worker/src/sandbox/index.js";
import { applicationErrorCode, sandboxPerSuite, v3Product, violations, wix } from "./client.js";

interface ProductResponse {
  product: V3Product;
}

describe("Wix sandbox V3 products", () => {
  let sandbox: Sandbox;
  sandboxPerSuite("V3", (started) => (sandbox = started));

  async function create(product: Record<string, unknown>, fields?: string[]): Promise<V3Product> {
    const response = await wix<ProductResponse>(sandbox, "POST", "/stores/v3/products", {
      product,
      fields,
    });
    expect(response.status, response.text).to.equal(200);
    return response.body.product;
  }

  async function update(id: string, product: Record<string, unknown>) {
    return wix<ProductResponse>(sandbox, "PATCH", `/stores/v3/products/${id}`, { product });
  }

  describe("when a product is created", () => {
    it("returns revision 1, ids and the derived fields", async () => {
      const product = await create(v3Product("MUG-1", { brand: { name: "Acme" } }));
      expect(product.id).to.match(/^[0-9a-f-]{36}$/);
      expect(product.revision).to.equal("1");
      expect(product.slug).to.equal("product-mug-1");
      expect(product.visible).to.equal(true);
      expect(product.brand?.name).to.equal("Acme");
      expect(product.brand?.id).to.be.a("string");
      const variant = product.variantsInfo?.variants?.[0];
      expect(variant?.id).to.match(/^[0-9a-f-]{36}$/);
      expect(variant?.sku).to.equal("MUG-1");
      expect(variant?.choices).to.deep.equal([]);
      expect(product.actualPriceRange).to.deep.equal({
        minValue: { amount: "10.50" },
        maxValue: { amount: "10.50" },
      });
      expect(product.variantSummary).to.deep.equal({ variantCount: 1 });
      expect(product.inventory?.availabilityStatus).to.equal("IN_STOCK");
    });

    it("returns url and plainDescription only when fields names them", async () => {
      const plain = await create(v3Product("F-1", { plainDescription: "<p>Hi</p>" }));
      expect(plain.url).to.equal(undefined);
      expect(plain.plainDescription).to.equal(undefined);
      const rich = await create(v3Product("F-2", { plainDescription: "<p>Hi</p>" }), [
        "URL",
        "PLAIN_DESCRIPTION",
      ]);
      expect(rich.plainDescription).to.equal("<p>Hi</p>");
      expect(rich.url).to.deep.equal({
        relativePath: `/product-page/${rich.slug}`,
        url: `${sandbox.url}/product-page/${rich.slug}`,
      });
    });

    it("reads fields from GET query parameters", async () => {
      const created = await create(v3Product("F-3"));
      const response = await wix<ProductResponse>(
        sandbox,
        "GET",
        `/stores/v3/products/${created.id}?fields=URL`,
      );
      expect(response.body.product.url?.relativePath).to.equal(`/product-page/${created.slug}`);
    });

    it("formats amounts when fields names CURRENCY", async () => {
      const product = await create(v3Product("CUR-1"), ["CURRENCY"]);
      expect(product.currency).to.equal("USD");
      expect(product.variantsInfo?.variants?.[0]?.price?.actualPrice?.formattedAmount).to.equal(
        "$10.50",
      );
    });

    it("creates a DIGITAL product without physical properties", async () => {
      const product = await create(
        v3Product("DIG-1", { productType: "DIGITAL", physicalProperties: undefined }),
      );
      expect(product.productType).to.equal("DIGITAL");
      expect(product.visibleInPos).to.equal(false);
      expect(product.variantsInfo?.variants?.[0]?.physicalProperties).to.equal(undefined);
    });

    it("serves the product page at the returned URL", async () => {
      const created = await create(v3Product("PAGE-1", { name: "Blue <mug>" }), ["URL"]);
      const page = await fetch(created.url?.url as string);
      expect(page.status).to.equal(200);
      expect(await page.text()).to.include("Blue &#60;mug&#62;");
    });

    it("stores media by URL and makes the first item main", async () => {
      const product = await create(
        v3Product("MED-1", {
          media: { itemsInfo: { items: [{ url: "https://example.invalid/a.jpg" }] } },
        }),
      );
      expect(product.media?.main?.url).to.equal("https://example.invalid/a.jpg");
      expect(product.media?.itemsInfo?.items).to.have.length(1);
    });

    it("builds variants from options and choice names", async () => {
      const product = await create({
        name: "Tee",
        productType: "PHYSICAL",
        physicalProperties: {},
        options: [
          {
            name: "Size",
            optionRenderType: "TEXT_CHOICES",
            choicesSettings: { choices: [{ name: "S" }, { name: "L" }] },
          },
        ],
        variantsInfo: {
          variants: ["S", "L"].map((size) => ({
            sku: `TEE-${size}`,
            price: { actualPrice: { amount: "5" } },
            choices: [
              {
                optionChoiceNames: {
                  optionName: "Size",
                  choiceName: size,
                  renderType: "TEXT_CHOICES",
                },
              },
            ],
          })),
        },
      });
      const optionId = product.options?.[0]?.id;
      expect(optionId).to.be.a("string");
      const choiceIds = product.variantsInfo?.variants?.map(
        (variant) => variant.choices?.[0]?.optionChoiceIds?.choiceId,
      );
      expect(new Set(choiceIds).size).to.equal(2);
      expect(product.variantsInfo?.variants?.[0]?.choices?.[0]?.optionChoiceIds?.optionId).to.equal(
        optionId,
      );
    });

    it("returns MISSING_VARIANT_OPTION_CHOICE for a variant without a choice", async () => {
      const response = await wix(sandbox, "POST", "/stores/v3/products", {
        product: v3Product("OPT-1", {
          options: [{ name: "Size", choicesSettings: { choices: [{ name: "S" }] } }],
        }),
      });
      expect(response.status).to.equal(400);
      expect(applicationErrorCode(response)).to.equal("MISSING_VARIANT_OPTION_CHOICE");
    });
  });

  describe("when a create request breaks a rule", () => {
    const limits = V3_LIMITS;
    const variantWith = (variant: Record<string, unknown>) => ({
      variantsInfo: {
        variants: [{ sku: "V", price: { actualPrice: { amount: "1" } }, choices: [], ...variant }],
      },
    });
    const cases: [string, Record<string, unknown>, string, string][] = [
      ["an 81-char name", { name: "n".repeat(81) }, "product.name", "MAX_LENGTH"],
      ["a missing name", { name: undefined }, "product.name", "REQUIRED_FIELD"],
      [
        "a 16001-char plainDescription",
        { plainDescription: "d".repeat(limits.product.plainDescriptionMaxLength + 1) },
        "product.plainDescription",
        "MAX_LENGTH",
      ],
      [
        "a 51-char brand name",
        { brand: { name: "b".repeat(51) } },
        "product.brand.name",
        "MAX_LENGTH",
      ],
      [
        "a 31-char ribbon name",
        { ribbon: { name: "r".repeat(31) } },
        "product.ribbon.name",
        "MAX_LENGTH",
      ],
      [
        "PHYSICAL without physicalProperties",
        { physicalProperties: undefined },
        "product.physicalProperties",
        "REQUIRED_FIELD",
      ],
      [
        "a missing productType",
        { productType: undefined },
        "product.productType",
        "REQUIRED_FIELD",
      ],
      [
        "no variantsInfo",
        { variantsInfo: undefined },
        "product.variantsInfo.variants",
        "REQUIRED_FIELD",
      ],
      [
        "no variants",
        { variantsInfo: { variants: [] } },
        "product.variantsInfo.variants",
        "MIN_SIZE",
      ],
      [
        "1001 variants",
        {
          variantsInfo: {
            variants: Array.from({ length: 1001 }, () => ({
              price: { actualPrice: { amount: "1" } },
            })),
          },
        },
        "product.variantsInfo.variants",
        "MAX_SIZE",
      ],
      [
        "a 41-char variant SKU",
        variantWith({ sku: "s".repeat(41) }),
        "product.variantsInfo.variants[0].sku",
        "MAX_LENGTH",
      ],
      [
        "a variant without a price",
        variantWith({ price: {} }),
        "product.variantsInfo.variants[0].price.actualPrice.amount",
        "REQUIRED_FIELD",
      ],
      [
        "a numeric price",
        variantWith({ price: { actualPrice: { amount: 10 } } }),
        "product.variantsInfo.variants[0].price.actualPrice.amount",
        "FORMAT",
      ],
      [
        "a price above the maximum",
        variantWith({ price: { actualPrice: { amount: "1000000000" } } }),
        "product.variantsInfo.variants[0].price.actualPrice.amount",
        "MAX",
      ],
      [
        "a negative price",
        variantWith({ price: { actualPrice: { amount: "-1" } } }),
        "product.variantsInfo.variants[0].price.actualPrice.amount",
        "MIN",
      ],
      [
        "a 41-char barcode",
        variantWith({ barcode: "9".repeat(41) }),
        "product.variantsInfo.variants[0].barcode",
        "MAX_LENGTH",
      ],
      [
        "51 media items",
        {
          media: {
            itemsInfo: {
              items: Array.from({ length: 51 }, (_, index) => ({
                url: `https://example.invalid/${index}`,
              })),
            },
          },
        },
        "product.media.itemsInfo.items",
        "MAX_SIZE",
      ],
      [
        "a relative media URL",
        { media: { itemsInfo: { items: [{ url: "/images/a.jpg" }] } } },
        "product.media.itemsInfo.items[0].url",
        "FORMAT",
      ],
    ];
    for (const [name, overrides, field, rule] of cases) {
      it(`returns 400 for ${name}`, async () => {
        const response = await wix(sandbox, "POST", "/stores/v3/products", {
          product: v3Product("RULE", overrides),
        });
        expect(response.status, response.text).to.equal(400);
        const violation = violations(response).find((item) => item.field === field);
        expect(violation, response.text).to.not.equal(undefined);
        expect(violation?.violatedRule).to.equal(rule);
        expect(sandbox.dump().productCount).to.equal(0);
      });
    }

    it("accepts values exactly at the limits", async () => {
      const product = await create(
        v3Product("s".repeat(40), {
          name: "n".repeat(80),
          plainDescription: "d".repeat(16000),
          brand: { name: "b".repeat(50) },
          variantsInfo: {
            variants: [{ sku: "s".repeat(40), price: { actualPrice: { amount: "999999999.99" } } }],
          },
        }),
      );
      expect(product.name).to.have.length(80);
    });
  });

  describe("when SKUs repeat", () => {
    it("returns 409 SKU_ALREADY_EXIST_ERROR for another product's SKU", async () => {
      const first = await create(v3Product("DUP"));
      const response = await wix(sandbox, "POST", "/stores/v3/products", {
        product: v3Product("DUP"),
      });
      expect(response.status).to.equal(409);
      expect(applicationErrorCode(response)).to.equal("SKU_ALREADY_EXIST_ERROR");
      expect(response.text).to.include(first.id as string);
      expect(sandbox.productsBySku().get("DUP")).to.have.length(1);
    });

    it("returns 409 for the same SKU on two variants of one product", async () => {
      const response = await wix(sandbox, "POST", "/stores/v3/products", {
        product: v3Product("X", {
          options: [{ name: "Size", choicesSettings: { choices: [{ name: "S" }, { name: "L" }] } }],
          variantsInfo: {
            variants: ["S", "L"].map((size) => ({
              sku: "SAME",
              price: { actualPrice: { amount: "1" } },
              choices: [{ optionChoiceNames: { optionName: "Size", choiceName: size } }],
            })),
          },
        }),
      });
      expect(response.status).to.equal(409);
      expect(applicationErrorCode(response)).to.equal("SKU_ALREADY_EXIST_ERROR");
    });

    it("frees a SKU when its product is deleted", async () => {
      const first = await create(v3Product("FREE"));
      await wix(sandbox, "DELETE", `/stores/v3/products/${first.id}`);
      const second = await create(v3Product("FREE"));
      expect(second.id).to.not.equal(first.id);
    });

    it("frees a SKU when an update changes it", async () => {
      const first = await create(v3Product("OLD"));
      const changed = await update(first.id as string, {
        revision: "1",
        variantsInfo: { variants: [{ sku: "NEW", price: { actualPrice: { amount: "1" } } }] },
      });
      expect(changed.status, changed.text).to.equal(200);
      const search = await wix<{ products: V3Product[] }>(
        sandbox,
        "POST",
        "/stores/v3/products/search",
        {
          search: { filter: { "variantsInfo.variants.sku": { $in: ["OLD", "NEW"] } } },
        },
      );
      expect(search.body.products.map((product) => product.id)).to.deep.equal([first.id]);
      const reuse = await create(v3Product("OLD"));
      expect(reuse.id).to.not.equal(first.id);
      const clash = await wix(sandbox, "POST", "/stores/v3/products", {
        product: v3Product("NEW"),
      });
      expect(clash.status).to.equal(409);
    });

    it("returns 409 DUPLICATE_SLUG_ERROR for a slug already used", async () => {
      await create(v3Product("S-1", { slug: "the-slug" }));
      const response = await wix(sandbox, "POST", "/stores/v3/products", {
        product: v3Product("S-2", { slug: "the-slug" }),
      });
      expect(response.status).to.equal(409);
      expect(applicationErrorCode(response)).to.equal("DUPLICATE_SLUG_ERROR");
    });
  });

  describe("when a product is updated", () => {
    it("increments the revision on each update", async () => {
      const created = await create(v3Product("REV"));
      const first = await update(created.id as string, { revision: "1", name: "Renamed" });
      const second = await update(created.id as string, { revision: "2", visible: false });
      expect(first.body.product.revision).to.equal("2");
      expect(second.body.product.revision).to.equal("3");
      expect(second.body.product.name).to.equal("Renamed");
      expect(second.body.product.visible).to.equal(false);
      expect(Date.parse(second.body.product.updatedDate as string)).to.be.at.least(
        Date.parse(created.updatedDate as string),
      );
    });

    it("returns 409 for a stale revision and keeps the product", async () => {
      const created = await create(v3Product("STALE"));
      await update(created.id as string, { revision: "1", name: "First" });
      const stale = await update(created.id as string, { revision: "1", name: "Second" });
      expect(stale.status).to.equal(409);
      expect(applicationErrorCode(stale)).to.equal("REVISION_MISMATCH");
      expect(stale.text).to.include("revision 2");
      const read = await wix<ProductResponse>(sandbox, "GET", `/stores/v3/products/${created.id}`);
      expect(read.body.product.name).to.equal("First");
      expect(read.body.product.revision).to.equal("2");
    });

    it("returns 400 for an update without revision", async () => {
      const created = await create(v3Product("NOREV"));
      const response = await update(created.id as string, { name: "x" });
      expect(response.status).to.equal(400);
      expect(violations(response)[0]).to.include({
        field: "product.revision",
        violatedRule: "REQUIRED_FIELD",
      });
    });

    it("replaces variants whole and keeps known variant ids", async () => {
      const created = await create(v3Product("VAR"));
      const variantId = created.variantsInfo?.variants?.[0]?.id;
      const response = await update(created.id as string, {
        revision: "1",
        variantsInfo: {
          variants: [{ id: variantId, sku: "VAR", price: { actualPrice: { amount: "20" } } }],
        },
      });
      expect(response.status, response.text).to.equal(200);
      const variants = response.body.product.variantsInfo?.variants ?? [];
      expect(variants).to.have.length(1);
      expect(variants[0]?.id).to.equal(variantId);
      expect(variants[0]?.price?.actualPrice?.amount).to.equal("20");
      expect(response.body.product.actualPriceRange?.minValue?.amount).to.equal("20");
    });

    it("hides the single variant with the product", async () => {
      const created = await create(v3Product("HIDE"));
      const response = await update(created.id as string, { revision: "1", visible: false });
      expect(response.body.product.variantsInfo?.variants?.[0]?.visible).to.equal(false);
    });

    it("rejects a change of productType", async () => {
      const created = await create(v3Product("TYPE"));
      const response = await update(created.id as string, {
        revision: "1",
        productType: "DIGITAL",
      });
      expect(response.status).to.equal(400);
      expect(violations(response)[0]?.field).to.equal("product.productType");
    });

    it("rejects an update that empties the variants", async () => {
      const created = await create(v3Product("EMPTY"));
      const response = await update(created.id as string, {
        revision: "1",
        variantsInfo: { variants: [] },
      });
      expect(response.status).to.equal(400);
      expect(violations(response)[0]?.violatedRule).to.equal("MIN_SIZE");
    });

    it("returns 404 for an unknown product", async () => {
      const response = await update("00000000-0000-4000-8000-000000000000", {
        revision: "1",
        name: "x",
      });
      expect(response.status).to.equal(404);
      expect(applicationErrorCode(response)).to.equal("NOT_FOUND");
    });
  });

  describe("when a product is deleted", () => {
    it("returns {} and then 404", async () => {
      const created = await create(v3Product("DEL"));
      const deleted = await wix(sandbox, "DELETE", `/stores/v3/products/${created.id}`);
      expect(deleted.status).to.equal(200);
      expect(deleted.body).to.deep.equal({});
      const read = await wix(sandbox, "GET", `/stores/v3/products/${created.id}`);
      expect(read.status).to.equal(404);
    });
  });
});
