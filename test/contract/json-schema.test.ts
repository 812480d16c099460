import { Ajv2020 } from "ajv/dist/2020.js";
import { expect } from "chai";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

import { contractDir, examples } from "../support/contract.js";

const schemaDir = path.join(contractDir, "schemas");

function loadAjv(): Ajv2020 {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  for (const file of readdirSync(schemaDir).filter((name) => name.endsWith(".schema.json"))) {
    ajv.addSchema(JSON.parse(readFileSync(path.join(schemaDir, file), "utf8")));
  }
  return ajv;
}

describe("contract JSON Schemas (ajv)", () => {
  const ajv = loadAjv();

  describe("when an example is valid", () => {
    for (const example of examples("valid")) {
      it(`accepts ${example.schema}/${example.name}`, () => {
        const validate = ajv.getSchema(`urn:wix-integration:${example.schema}`);
        expect(validate, `schema ${example.schema} is missing`).to.be.a("function");
        const ok = validate!(example.document);
        expect(ok, JSON.stringify(validate!.errors)).to.equal(true);
      });
    }
  });

  describe("when an example is invalid", () => {
    for (const example of examples("invalid")) {
      it(`rejects ${example.schema}/${example.name}`, () => {
        const validate = ajv.getSchema(`urn:wix-integration:${example.schema}`);
        expect(validate, `schema ${example.schema} is missing`).to.be.a("function");
        expect(validate!(example.document)).to.equal(false);
      });
    }
  });
});
