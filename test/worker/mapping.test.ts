import { expect } from "chai";

import { configFromEnv } from "../../worker/src/index.js";
import { partitionImages } from "../../worker/src/mapping/images.js";
import {
  buildV1Product,
  buildV3Product,
  itemContentHash,
  mapItem,
} from "../../worker/src/mapping/map-item.js";
import { sanitizeDescription } from "../../worker/src/mapping/sanitize.js";
import { convertWeight } from "../../worker/src/mapping/weight.js";
import { validateWixProduct } from "../../worker/src/mapping/wix-schemas.js";
import { erpItem } from "./support.js";

const config = configFromEnv({});
const allFields = config.sync_fields;

function violationsFor(catalog: "V1" | "V3", changes: Parameters<typeof erpItem>[1]) {
  const mapped = mapItem(erpItem("MAP-1", changes), config, catalog);
  const payload =
    catalog === "V1"
      ? buildV1Product(mapped.fields, allFields, "create")
      : buildV3Product(mapped.fields, allFields, "create");
  return [...mapped.violations, ...validateWixProduct(catalog, payload)];
}

describe("mapping ERPNext items to Wix", () => {
  describe("when a field passes its Wix limit", () => {
    const cases: {
      catalog: "V1" | "V3";
      label: string;
      changes: Parameters<typeof erpItem>[1];
      code?: string;
      field: string;
      text: string[];
    }[] = [];
    for (const catalog of ["V1", "V3"] as const) {
      cases.push(
        {
          catalog,
          label: "an 81-character name",
          changes: { item_name: "n".repeat(81) },
          field: "name",
          text: ["81 characters", "at most 80"],
        },
        {
          catalog,
          label: "a 41-character SKU",
          changes: { item_code: "S".repeat(41) },
          field: "sku",
          text: ["41 characters", "at most 40"],
        },
        {
          catalog,
          label: "a 51-character brand",
          changes: { brand: "b".repeat(51) },
          field: "brand",
          text: ["51 characters", "at most 50"],
        },
        {
          catalog,
          label: "a negative price",
          changes: {
            price: {
              amount: "-1",
              currency: "USD",
              source: "price_list",
              price_list: "Standard Selling",
            },
          },
          field: "price",
          text: ["-1", "0 or more"],
        },
        {
          catalog,
          label: "an empty name",
          changes: { item_name: "   " },
          field: "name",
          text: ["empty"],
        },
        {
          catalog,
          label: "an unknown weight unit",
          changes: { weight: { value: 3, uom: "Box" } },
          field: "weight",
          text: ['"Box"'],
        },
      );
    }
    cases.push(
      {
        catalog: "V1",
        label: "an 8001-character description",
        changes: { description: `<p>${"d".repeat(7994)}</p>` },
        field: "description",
        text: ["8001 characters", "at most 8000"],
      },
      {
        catalog: "V3",
        label: "a 16001-character description",
        changes: { description: `<p>${"d".repeat(15994)}</p>` },
        field: "description",
        text: ["16001 characters", "at most 16000"],
      },
      {
        catalog: "V3",
        label: "a price with 5 decimal places",
        changes: {
          price: {
            amount: "3.14159",
            currency: "USD",
            source: "price_list",
            price_list: "Standard Selling",
          },
        },
        field: "price",
        text: ["3.14159", "5 decimal places", "at most 3 decimal places"],
      },
      {
        catalog: "V3",
        label: "a 41-character barcode",
        changes: { barcode: "1".repeat(41) },
        field: "barcode",
        text: ["41 characters", "at most 40"],
      },
    );
    for (const { catalog, label, changes, field, text } of cases) {
      it(`rejects ${label} on ${catalog}`, () => {
        const violations = violationsFor(catalog, changes);
        const match = violations.find((violation) => violation.field === field);
        expect(match, JSON.stringify(violations)).to.not.equal(undefined);
        for (const fragment of text) expect(match!.message).to.include(fragment);
      });
    }

    it("accepts a V3 price with 3 decimal places, and any V1 price", () => {
      const price = (amount: string) => ({
        price: { amount, currency: "USD", source: "price_list" as const, price_list: "Standard" },
      });
      expect(violationsFor("V3", price("3.142"))).to.deep.equal([]);
      expect(violationsFor("V1", price("3.14159"))).to.deep.equal([]);
    });

    it("accepts an 80-character name and a 40-character SKU", () => {
      expect(
        violationsFor("V3", { item_name: "n".repeat(80), item_code: "S".repeat(40) }),
      ).to.deep.equal([]);
      expect(
        violationsFor("V1", { item_name: "n".repeat(80), item_code: "S".repeat(40) }),
      ).to.deep.equal([]);
    });
  });

  describe("when the price is zero or missing", () => {
    it("syncs a zero price as 0", () => {
      const mapped = mapItem(
        erpItem("ZERO", {
          price: { amount: "0.00", currency: "USD", source: "standard_rate", price_list: null },
        }),
        config,
        "V3",
      );
      expect(mapped.violations).to.deep.equal([]);
      expect(mapped.fields.price).to.equal("0");
    });

    it("leaves the V3 variant out of an update without a price", () => {
      const mapped = mapItem(erpItem("NOPRICE", { price: null }), config, "V3");
      expect(mapped.fields.price).to.equal(null);
      expect(buildV3Product(mapped.fields, allFields, "update")).not.to.have.property(
        "variantsInfo",
      );
    });

    it("sends the V3 price as a decimal string and V1's as a number", () => {
      const mapped = mapItem(
        erpItem("PRICE", {
          price: {
            amount: "0012.500",
            currency: "EUR",
            source: "price_list",
            price_list: "Retail",
          },
        }),
        config,
        "V3",
      );
      expect(
        buildV3Product(mapped.fields, allFields, "create").variantsInfo?.variants?.[0]?.price
          ?.actualPrice?.amount,
      ).to.equal("12.5");
      expect(buildV1Product(mapped.fields, allFields, "create").priceData?.price).to.equal(12.5);
    });
  });

  describe("when text is RTL, emoji or has combining marks", () => {
    it("keeps it, composed to NFC", () => {
      const name = "שולחן 🪑 Cafe\u0301";
      const mapped = mapItem(
        erpItem("UNI", { item_name: name, brand: "Ñandu\u0301" }),
        config,
        "V3",
      );
      expect(mapped.violations).to.deep.equal([]);
      expect(mapped.fields.name).to.equal("שולחן 🪑 Café");
      expect(mapped.fields.brand).to.equal("Ñandú");
    });
  });

  describe("when the description has scripts", () => {
    it("removes them and notes it", () => {
      const mapped = mapItem(
        erpItem("HTML", {
          description:
            '<p onclick="x()">Safe <b>bold</b></p><script>alert(1)</script><a href="javascript:alert(1)">x</a>',
        }),
        config,
        "V3",
      );
      expect(mapped.fields.description).to.equal("<p>Safe <b>bold</b></p><a>x</a>");
      expect(mapped.notes.join(" ")).to.include("Removed unsafe");
    });

    it("keeps the text direction of right-to-left markup", () => {
      expect(
        sanitizeDescription('<p dir="rtl">קערה</p><div dir="auto">مزهرية</div>'),
      ).to.deep.equal({
        html: '<p dir="rtl">קערה</p><div dir="auto">مزهرية</div>',
        changed: false,
      });
    });

    it("drops a dir attribute with a value that is not a direction", () => {
      expect(sanitizeDescription('<p dir="x onload=1">Text</p>').html).to.equal("<p>Text</p>");
    });

    it("keeps safe markup unchanged", () => {
      expect(sanitizeDescription("<p>Plain <em>text</em></p>")).to.deep.equal({
        html: "<p>Plain <em>text</em></p>",
        changed: false,
      });
    });
  });

  describe("when images are relative or not https", () => {
    it("sends only absolute https URLs and explains the others", () => {
      const { accepted, rejected } = partitionImages(
        [
          "/files/a.jpg",
          "http://shop.example.com/b.jpg",
          "https://shop.example.com/c.jpg",
          "https://shop.example.com/c.jpg",
        ],
        15,
      );
      expect(accepted).to.deep.equal(["https://shop.example.com/c.jpg"]);
      expect(rejected.map((image) => image.url)).to.deep.equal([
        "/files/a.jpg",
        "http://shop.example.com/b.jpg",
      ]);
      expect(rejected[0]?.reason).to.include("not an absolute URL");
      expect(rejected[1]?.reason).to.include("not https");
    });

    it("puts the left-out images in the result notes", () => {
      const mapped = mapItem(erpItem("IMG", { images: ["/files/a.jpg"] }), config, "V1");
      expect(mapped.fields.images).to.deep.equal([]);
      expect(mapped.notes.join(" ")).to.include("Left out image /files/a.jpg");
    });

    it("keeps at most 15 images on V3", () => {
      const urls = Array.from(
        { length: 20 },
        (_, index) => `https://shop.example.com/${index}.jpg`,
      );
      const { accepted, rejected } = partitionImages(urls, 15);
      expect(accepted).to.have.length(15);
      expect(rejected).to.have.length(5);
    });
  });

  describe("when the weight unit differs from the site's", () => {
    const table: [number, string, "KG" | "LB", number][] = [
      [400, "g", "KG", 0.4],
      [1, "lb", "KG", 0.454],
      [2, "Kg", "LB", 4.409],
      [16, "oz", "LB", 1],
      [1.5, "kg", "KG", 1.5],
    ];
    for (const [value, uom, unit, expected] of table) {
      it(`converts ${value} ${uom} to ${expected} ${unit}`, () => {
        expect(convertWeight(value, uom, unit)).to.equal(expected);
      });
    }

    it("returns null for an unknown unit", () => {
      expect(convertWeight(1, "Nos", "KG")).to.equal(null);
    });
  });

  describe("when sync fields are switched off", () => {
    it("leaves them out of updates but not creates", () => {
      const mapped = mapItem(erpItem("TOGGLE"), config, "V1");
      const off = { ...allFields, name: false, description: false, price: false };
      const update = buildV1Product(mapped.fields, off, "update");
      expect(update).not.to.have.property("name");
      expect(update).not.to.have.property("description");
      expect(update).not.to.have.property("priceData");
      const create = buildV1Product(mapped.fields, off, "create");
      expect(create).to.have.property("name");
      expect(create).to.have.property("priceData");
    });
  });

  describe("when the content hash is computed", () => {
    it("is stable for the same content and changes with it", () => {
      const first = mapItem(erpItem("HASH"), config, "V3").fields;
      const same = mapItem(erpItem("HASH"), config, "V3").fields;
      const renamed = mapItem(erpItem("HASH", { item_name: "Other" }), config, "V3").fields;
      expect(itemContentHash("V3", first, allFields)).to.equal(
        itemContentHash("V3", same, allFields),
      );
      expect(itemContentHash("V3", first, allFields)).not.to.equal(
        itemContentHash("V3", renamed, allFields),
      );
      expect(itemContentHash("V3", first, allFields)).not.to.equal(
        itemContentHash("V1", first, allFields),
      );
    });
  });

  describe("when an item is disabled", () => {
    it("maps to a hidden product unless on_disable is ignore", () => {
      expect(mapItem(erpItem("OFF", { disabled: true }), config, "V3").fields.visible).to.equal(
        false,
      );
      expect(
        mapItem(erpItem("OFF", { disabled: true }), { ...config, on_disable: "ignore" }, "V3")
          .fields.visible,
      ).to.equal(true);
    });
  });
});
