import { Ajv2020 } from "ajv/dist/2020.js";
import { expect } from "chai";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";

import {
  convertCatalog,
  convertCatalogFile,
  type CatalogConversion,
  type ConversionOptions,
  type ConvertedItem,
} from "../../worker/src/demo/catalogs/index.js";
import { decodeText } from "../../worker/src/demo/catalogs/csv-table.js";
import { decimal } from "../../worker/src/demo/catalogs/fields.js";
import { itemUpsertEvent } from "../../worker/src/demo/events.js";
import { SAMPLE_CATALOG, fixturesDirectory } from "../../worker/src/demo/options.js";
import { contractDir } from "../support/contract.js";
import { skipBecause } from "../support/skip.js";

const OPTIONS: ConversionOptions = {
  itemVersion: "2026-12-04 10:00:00.000000",
  currency: null,
  priceList: "Standard Selling",
  wixWeightUom: "Kg",
};

function convert(source: string, name = "inline.csv"): CatalogConversion {
  return convertCatalog(source, name, OPTIONS);
}

function byCode(conversion: CatalogConversion, code: string): ConvertedItem {
  const found = conversion.items.find((entry) => entry.item.item_code === code);
  const codes = conversion.items.map((entry) => entry.item.item_code).join(", ");
  expect(found, `item ${code} in ${codes}`).to.not.equal(undefined);
  return found!;
}

function itemUpsertValidator() {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  const schemaDir = path.join(contractDir, "schemas");
  for (const file of readdirSync(schemaDir).filter((name) => name.endsWith(".schema.json"))) {
    ajv.addSchema(JSON.parse(readFileSync(path.join(schemaDir, file), "utf8")));
  }
  return ajv.getSchema("urn:wix-integration:item-upsert")!;
}

const WIX_HEADER =
  "handleId,fieldType,name,description,productImageUrl,collection,sku,ribbon,price,surcharge,visible," +
  "discountMode,discountValue,inventory,weight,productOptionName1,productOptionType1,productOptionDescription1,brand";

describe("demo catalog converters", () => {
  describe("when the file is a Wix Stores export", () => {
    const csv =
      `\uFEFF${WIX_HEADER}\r\n` +
      `product_aaa,Product,Mug,"<p>Line one\r\nline two, with ""quotes""</p>",a1_x~mv2.jpg;https://cdn.test/b.png,Kitchen;Sale,MUG-1,,12.5,,true,PERCENT,0,10,0.4,Size,DROP_DOWN,S;M,Potter\r\n` +
      `product_aaa,Variant,,,,,MUG-1-S,,,1.0,true,,,5,,,,S,\r\n` +
      `product_aaa,Variant,,,,,,,,,true,,,5,,,,M,\r\n` +
      `product_bbb-cccc,Product,Hidden poster,,,,,,0,,false,PERCENT,0,InStock,0,,,,\r\n` +
      `product_bbb-cccc,Variant,,,,,,,,115.0,true,,,,,,,A3,\r\n` +
      `product_ddd,Choice,Odd row,,,,,,1,,true,,,,,,,,\r\n` +
      `product_eee,Product,Broken price,,,,,,twelve,,true,,,,,,,,\r\n`;
    const result = convert(csv);

    it("detects the Wix format", () => {
      expect(result.format).to.equal("wix-stores-csv");
      expect(result.records).to.equal(7);
    });

    it("converts product rows", () => {
      const mug = byCode(result, "MUG-1").item;
      expect(mug.item_name).to.equal("Mug");
      expect(mug.price).to.deep.equal({
        amount: "12.5",
        currency: null,
        source: "price_list",
        price_list: "Standard Selling",
      });
      expect(mug.item_group).to.equal("Kitchen");
      expect(mug.brand).to.equal("Potter");
      expect(mug.weight).to.deep.equal({ value: 0.4, uom: "Kg" });
      expect(mug.disabled).to.equal(false);
      expect(mug.item_version).to.equal(OPTIONS.itemVersion);
    });

    it("keeps CRLF and quotes inside a quoted cell", () => {
      expect(byCode(result, "MUG-1").item.description).to.equal(
        '<p>Line one\r\nline two, with "quotes"</p>',
      );
    });

    it("turns Wix media file names into URLs", () => {
      expect(byCode(result, "MUG-1").item.images).to.deep.equal([
        "https://static.wixstatic.com/media/a1_x~mv2.jpg",
        "https://cdn.test/b.png",
      ]);
    });

    it("derives a code from the handle without SKU", () => {
      const poster = byCode(result, "bbb-cccc").item;
      expect(poster.disabled).to.equal(true);
      expect(poster.price?.amount).to.equal("0");
      expect(poster.weight).to.equal(null);
    });

    it("notes a zero price priced by variants", () => {
      expect(result.notes.map((note) => `${note.source.row}: ${note.message}`)).to.deep.equal([
        "5: price is 0 and its variants add surcharges of up to 115; variants are not synced, so Wix shows 0",
      ]);
    });

    it("skips variant rows with a reason", () => {
      const variants = result.skipped.filter((entry) => entry.reason.startsWith("variant row"));
      expect(variants.map((entry) => entry.source.row)).to.deep.equal([3, 4, 6]);
    });

    it("skips unknown row types and bad prices", () => {
      const reasons = result.skipped.map((entry) => `${entry.source.row}: ${entry.reason}`);
      expect(reasons).to.include('7: unknown fieldType "Choice"; expected Product or Variant');
      expect(reasons).to.include('8: price "twelve" is not a decimal number');
      expect(result.items).to.have.length(2);
    });
  });

  describe("when the file is a Shopify export", () => {
    const header =
      "Handle,Title,Body (HTML),Vendor,Type,Tags,Published,Option1 Name,Option1 Value,Variant SKU," +
      "Variant Grams,Variant Price,Variant Barcode,Image Src,Image Position,Status";
    const csv =
      `${header}\n` +
      `tee,Logo Tee,<b>Soft</b>,Acme,Shirts,,true,Size,S,TEE-S,200,20.00,,https://cdn.test/tee-2.jpg,2,active\n` +
      `tee,,,,,,,,M,TEE-M,200,22.00,,https://cdn.test/tee-1.jpg,1,\n` +
      `tee,,,,,,,,,,,,,https://cdn.test/tee-3.jpg,3,\n` +
      `cap,Cap,,Acme,,,true,Title,Default Title,,0,15,0123456789012,,,draft\n` +
      `bag,Bag,,Acme,,,false,Title,Default Title,BAG-1,"1,250",1.050.00,,,,active\n` +
      `,Orphan,,,,,,,,,,,,,,\n` +
      `cup,Cup,,Acme,,,true,Title,Default Title,CUP-1,300,8,,,,active\n` +
      `mug,Mug,,Acme,,,true,Title,Default Title,cup-1,350,9,,,,active\n`;
    const result = convert(csv);

    it("detects the Shopify format", () => {
      expect(result.format).to.equal("shopify-csv");
    });

    it("makes one item per handle", () => {
      expect(result.items.map((entry) => entry.source.key)).to.deep.equal([
        "tee",
        "cap",
        "cup",
        "mug",
      ]);
    });

    it("uses the handle for a multi-variant product", () => {
      const tee = byCode(result, "tee").item;
      expect(tee.price?.amount).to.equal("20");
      expect(tee.weight).to.deep.equal({ value: 200, uom: "Gram" });
      expect(tee.item_group).to.equal("Shirts");
      expect(tee.brand).to.equal("Acme");
    });

    it("orders images by Image Position", () => {
      expect(byCode(result, "tee").item.images).to.deep.equal([
        "https://cdn.test/tee-1.jpg",
        "https://cdn.test/tee-2.jpg",
        "https://cdn.test/tee-3.jpg",
      ]);
    });

    it("skips variant rows but not image rows", () => {
      const variants = result.skipped.filter((entry) => entry.reason.startsWith("variant row"));
      expect(variants.map((entry) => entry.source.key)).to.deep.equal(["TEE-M"]);
    });

    it("derives a code from the handle for an empty SKU", () => {
      const cap = byCode(result, "cap").item;
      expect(cap.barcode).to.equal("0123456789012");
      expect(cap.disabled).to.equal(true);
      expect(cap.weight).to.equal(null);
    });

    it("skips rows without a handle or a readable price", () => {
      const reasons = result.skipped.map((entry) => `${entry.source.row}: ${entry.reason}`);
      expect(reasons).to.include("7: row has no Handle");
      expect(reasons).to.include('6: price "1.050.00" is not a decimal number');
    });

    it("renames a duplicate SKU and reports it", () => {
      expect(byCode(result, "CUP-1").source.key).to.equal("cup");
      expect(byCode(result, "cup-1-2").source.key).to.equal("mug");
      expect(result.notes.map((note) => note.message)).to.include(
        'item code "cup-1" is already used by row 8; this row becomes "cup-1-2"',
      );
    });
  });

  describe("when the file is a WooCommerce export", () => {
    const header =
      'ID,Type,SKU,Name,Published,"Visibility in catalog","Short description",Description,' +
      '"Weight (lbs)","Sale price","Regular price",Categories,Images,Parent,"Grouped products"';
    const csv =
      `\uFEFF${header}\n` +
      `10,variable,hoodie,Hoodie,1,visible,,"First\\nSecond",1.5,,,"Apparel > Sweatshirts, Sale",` +
      `"https://shop.test/h1.jpg, https://shop.test/h2.jpg",,\n` +
      `11,variation,hoodie-red,Hoodie - Red,1,visible,,,,,45,,,hoodie,\n` +
      `12,variation,hoodie-blue,Hoodie - Blue,1,visible,,,,,42.5,,,id:10,\n` +
      `13,"simple, downloadable, virtual",,Album,1,hidden,Short text,,,2,5,Music,,,\n` +
      `14,grouped,set,Set,1,visible,,,,,,Apparel,,,"hoodie, album"\n` +
      `15,external,flag,Garden flag,-1,visible,,,,,11.05,Decor,,,\n` +
      `16,booking,room,Room,1,visible,,,,,80,,,,\n`;
    const result = convert(csv);

    it("detects the WooCommerce format", () => {
      expect(result.format).to.equal("woocommerce-csv");
    });

    it("prices a variable product at its lowest variation", () => {
      const hoodie = byCode(result, "hoodie").item;
      expect(hoodie.price?.amount).to.equal("42.5");
      expect(hoodie.item_group).to.equal("Sweatshirts");
      expect(hoodie.weight).to.deep.equal({ value: 1.5, uom: "Pound" });
      expect(hoodie.images).to.deep.equal(["https://shop.test/h1.jpg", "https://shop.test/h2.jpg"]);
    });

    it("turns literal \\n into line breaks", () => {
      expect(byCode(result, "hoodie").item.description).to.equal("First\nSecond");
    });

    it("uses the regular price, not the sale price", () => {
      const album = byCode(result, "woo-13").item;
      expect(album.price?.amount).to.equal("5");
      expect(album.description).to.equal("Short text");
      expect(album.disabled).to.equal(true);
    });

    it("disables drafts and keeps external products", () => {
      const flag = byCode(result, "flag").item;
      expect(flag.disabled).to.equal(true);
      expect(flag.price?.amount).to.equal("11.05");
    });

    it("skips variations, grouped and unknown types", () => {
      const reasons = result.skipped.map(
        (entry) => `${entry.source.key}: ${entry.reason.split(":")[0]}`,
      );
      expect(reasons).to.deep.equal([
        "hoodie-red: variation row",
        "hoodie-blue: variation row",
        "set: grouped product",
        'room: unknown product Type "booking"; expected simple, variable or external',
      ]);
    });
  });

  describe("when the file is ERPNext Item data", () => {
    it("converts Item documents from JSON", () => {
      const json = JSON.stringify([
        {
          doctype: "Item",
          item_code: "RM-1",
          item_name: "Filler",
          item_group: "Raw Material",
          standard_rate: 12.3,
          disabled: 0,
          is_sales_item: 1,
          weight_per_unit: 2,
          weight_uom: "Kg",
          barcodes: [{ barcode: "" }, { barcode: "4006381333931" }],
          image: "/files/filler.png",
          modified: "2025-10-04 17:23:30.359448",
        },
        { doctype: "Item", item_code: "RM-2", standard_rate: 0, disabled: 1, is_sales_item: 0 },
        { doctype: "Item", item_code: "RM-2-RED", variant_of: "RM-2" },
        { doctype: "Item Group", name: "Raw Material" },
        { doctype: "Item", item_name: "No code" },
      ]);
      const result = convert(json, "items.json");
      expect(result.format).to.equal("erpnext-json");

      const filler = byCode(result, "RM-1").item;
      expect(filler.price).to.deep.equal({
        amount: "12.3",
        currency: null,
        source: "standard_rate",
        price_list: null,
      });
      expect(filler.barcode).to.equal("4006381333931");
      expect(filler.images).to.deep.equal(["/files/filler.png"]);
      expect(filler.item_version).to.equal("2025-10-04 17:23:30.359448");
      expect(filler.weight).to.deep.equal({ value: 2, uom: "Kg" });

      const unnamed = byCode(result, "RM-2").item;
      expect(unnamed.item_name).to.equal("RM-2");
      expect(unnamed.price, "a zero standard rate is no price").to.equal(null);
      expect(unnamed.disabled).to.equal(true);
      expect(unnamed.is_sales_item).to.equal(false);

      expect(result.skipped.map((entry) => entry.reason)).to.deep.equal([
        "variant of RM-2: product options and variants are not synced yet",
        "document is a Item Group, not an Item",
        "item_code is empty",
      ]);
    });

    it("converts an Item CSV with labels as headers", () => {
      const csv =
        "Item Code,Item Name,Item Group,Disabled,Price List Rate,Currency,Weight Per Unit,Weight UOM\n" +
        "mug-1,Mug,Kitchen,0,0,EUR,12,Ounce\n" +
        "MUG-1,Mug again,Kitchen,1,-4.50,,,\n" +
        "tile,Tile,,0,,,3,\n";
      const result = convert(csv);
      expect(result.format).to.equal("erpnext-csv");
      expect(byCode(result, "mug-1").item.price).to.deep.equal({
        amount: "0",
        currency: "EUR",
        source: "price_list",
        price_list: "Standard Selling",
      });
      expect(byCode(result, "mug-1").item.weight).to.deep.equal({ value: 12, uom: "Ounce" });
      expect(byCode(result, "MUG-1-2").item.price?.amount, "case-insensitive duplicate").to.equal(
        "-4.5",
      );
      expect(byCode(result, "tile").item.weight, "weight without a UOM").to.equal(null);
      expect(result.notes.map((note) => note.message)).to.deep.equal([
        'item code "MUG-1" is already used by row 2; this row becomes "MUG-1-2"',
        "weight_per_unit 3 has no weight_uom, so the weight is left out",
      ]);
    });
  });

  describe("when the file is Shopify Admin API JSON", () => {
    it("converts products and strips line breaks from SKUs", () => {
      const json = JSON.stringify({
        products: [
          {
            id: 1,
            title: "Backpack",
            handle: "backpack",
            status: "active",
            published_at: "2021-01-01T00:00:00Z",
            variants: [{ sku: "BP-07\r\n-green", price: "40.00", grams: 900, barcode: "123" }],
            images: [
              { src: "https://cdn.test/2.jpg", position: 2 },
              { src: "https://cdn.test/1.jpg", position: 1 },
            ],
          },
          {
            id: 2,
            title: "Shirt",
            handle: "shirt",
            status: "draft",
            variants: [{ sku: "S" }, { sku: "M" }],
          },
        ],
      });
      const result = convert(json, "products.json");
      expect(result.format).to.equal("shopify-api-json");
      const backpack = byCode(result, "BP-07-green").item;
      expect(backpack.barcode).to.equal("123");
      expect(backpack.images).to.deep.equal(["https://cdn.test/1.jpg", "https://cdn.test/2.jpg"]);
      const shirt = byCode(result, "shirt").item;
      expect(shirt.disabled).to.equal(true);
      expect(shirt.price).to.equal(null);
      expect(result.skipped.map((entry) => entry.source.key)).to.deep.equal(["M"]);
      expect(result.notes[0]?.message).to.match(/contained line breaks/);
    });
  });

  describe("when the input is not a known export", () => {
    it("names the header and the expected columns", () => {
      expect(() => convert("sku,title\nA,B\n", "mystery.csv")).to.throw(
        /mystery\.csv: unknown export format\. Its header starts with \["sku","title"\].*Wix Stores/,
      );
    });

    it("rejects text that is not UTF-8", () => {
      expect(() => decodeText(Uint8Array.from([0x61, 0xe9, 0x62]), "latin1.csv")).to.throw(
        /latin1\.csv is not valid UTF-8/,
      );
    });

    it("reads semicolons and stray quotes", () => {
      const result = convert('Item Code;Item Name;Price List Rate\nA-1;12" ruler, steel;3,50\n');
      expect(result.items[0]?.item.item_name).to.equal('12" ruler, steel');
      expect(result.items[0]?.item.price?.amount).to.equal("3.5");
    });

    it("reads UTF-16 with a byte order mark", () => {
      const bytes = Buffer.concat([
        Buffer.from([0xff, 0xfe]),
        Buffer.from("Item Code,Item Name\nÄ-1,Äpfel\n", "utf16le"),
      ]);
      expect(convert(decodeText(bytes, "excel.txt")).items[0]?.item.item_name).to.equal("Äpfel");
    });
  });

  describe("decimal", () => {
    const cases: [string, string | null][] = [
      ["12", "12"],
      ["12.50", "12.5"],
      [".5", "0.5"],
      ["007.10", "7.1"],
      ["-3", "-3"],
      ["-0.00", "0"],
      ["1,050,000.00", "1050000"],
      ["12,5", "12.5"],
      ["", null],
    ];
    for (const [input, expected] of cases) {
      it(`reads "${input}"`, () => {
        const parsed = decimal(input);
        let read: string | null = null;
        if (parsed !== null) read = parsed.ok ? parsed.amount : parsed.reason;
        expect(read).to.equal(expected);
      });
    }

    it("rejects text and too many digits", () => {
      expect(decimal("abc")).to.deep.equal({
        ok: false,
        reason: 'price "abc" is not a decimal number',
      });
      expect(decimal("1.0000000001")?.ok).to.equal(false);
      expect(decimal(0.1 + 0.2)).to.deep.equal({ ok: true, amount: "0.3" });
    });
  });
});

describe("demo sample catalog", () => {
  let result: CatalogConversion;
  before(async () => {
    result = await convertCatalogFile(SAMPLE_CATALOG, OPTIONS);
  });

  it("converts about 200 items", () => {
    expect(result.format).to.equal("erpnext-csv");
    expect(result.items).to.have.length(200);
    expect(result.skipped).to.deep.equal([]);
    expect(result.notes).to.deep.equal([]);
  });

  it("spans several item groups", () => {
    const groups = new Set(result.items.map((entry) => entry.item.item_group));
    expect(groups.size).to.be.at.least(8);
  });

  it("produces events the JSON Schema accepts", () => {
    const validate = itemUpsertValidator();
    for (const entry of result.items) {
      const ok = validate(itemUpsertEvent(entry.item));
      expect(ok, `${entry.item.item_code}: ${JSON.stringify(validate.errors)}`).to.equal(true);
    }
  });

  it("contains the length limits on both sides", () => {
    const lengths = (field: "item_name" | "item_code") =>
      result.items.map((entry) => entry.item[field].length);
    expect(lengths("item_name")).to.include.members([80, 81]);
    expect(lengths("item_code")).to.include.members([40, 41]);
    expect(Math.max(...lengths("item_name"))).to.be.above(81);
    expect(Math.max(...lengths("item_code"))).to.be.above(41);
  });

  it("contains RTL, emoji and combining marks", () => {
    const names = result.items.map((entry) => entry.item.item_name).join("\n");
    expect(names).to.match(/\p{Script=Arabic}/u);
    expect(names).to.match(/\p{Script=Hebrew}/u);
    expect(names).to.match(/\p{Extended_Pictographic}/u);
    expect(names).to.match(/\p{M}/u);
  });

  it("contains the price, image and HTML cases", () => {
    const amounts = result.items.map((entry) => entry.item.price?.amount ?? null);
    expect(amounts).to.include.members([null, "0", "-5"]);
    const images = result.items.flatMap((entry) => entry.item.images);
    expect(images.some((url) => url.startsWith("/"))).to.equal(true);
    expect(images.some((url) => url.startsWith("http://"))).to.equal(true);
    const descriptions = result.items.map((entry) => entry.item.description ?? "");
    expect(descriptions.some((html) => html.includes("<script>"))).to.equal(true);
    expect(Math.max(...descriptions.map((html) => html.length))).to.be.above(16000);
  });

  it("contains flags, weights and barcodes", () => {
    const items = result.items.map((entry) => entry.item);
    expect(items.some((item) => item.disabled)).to.equal(true);
    expect(items.some((item) => !item.is_sales_item)).to.equal(true);
    const uoms = new Set(items.map((item) => item.weight?.uom));
    expect([...uoms]).to.include.members(["Gram", "Kg", "Pound"]);
    expect(items.filter((item) => item.barcode !== null).length).to.be.above(50);
  });
});

describe("demo converters on real exports", () => {
  const directory = path.join(fixturesDirectory(), "catalogs");
  const files = existsSync(directory)
    ? readdirSync(directory).filter((name) => /\.(csv|json)$/.test(name))
    : [];

  it("converts every real catalog", async function () {
    if (files.length === 0)
      skipBecause(this, `no real catalogs in ${directory}; set WIX_FIXTURES_DIR`);
    const validate = itemUpsertValidator();
    for (const file of files.sort()) {
      const result = await convertCatalogFile(path.join(directory, file), OPTIONS);
      expect(result.items.length, `${file}: items`).to.be.above(0);
      const codes = result.items.map((entry) => entry.item.item_code.toLowerCase());
      expect(new Set(codes).size, `${file}: unique item codes`).to.equal(codes.length);
      for (const entry of result.skipped)
        expect(entry.reason, `${file} row ${entry.source.row}`).to.not.equal("");
      for (const entry of result.items.slice(0, 50)) {
        expect(validate(itemUpsertEvent(entry.item)), `${file} ${entry.item.item_code}`).to.equal(
          true,
        );
      }
    }
  });

  it("converts ERPNext Item records", async function () {
    const erpnext = path.join(fixturesDirectory(), "erpnext", "erpnext_item_test_records.json");
    if (!existsSync(erpnext)) skipBecause(this, `${erpnext} is absent; set WIX_FIXTURES_DIR`);
    const result = await convertCatalogFile(erpnext, OPTIONS);
    expect(result.format).to.equal("erpnext-json");
    expect(result.items.length).to.equal(result.records);
  });
});
