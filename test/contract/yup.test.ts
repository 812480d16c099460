import { expect } from "chai";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

import {
  ContractViolation,
  decode,
  itemShard,
  schemas,
  type SchemaName,
} from "../../worker/src/contract/index.js";
import { contractDir, examples, examplesDir } from "../support/contract.js";

const schemaFiles = readdirSync(path.join(contractDir, "schemas"))
  .filter((name) => name.endsWith(".schema.json"))
  .map((name) => name.replace(/\.schema\.json$/, ""));

describe("contract yup decoder", () => {
  describe("when the schema folder is listed", () => {
    it("has a yup schema for every JSON Schema", () => {
      const messageSchemas = schemaFiles.filter((name) => name !== "common");
      expect(Object.keys(schemas).sort()).to.deep.equal(messageSchemas.sort());
    });

    it("has valid and invalid examples for every schema", () => {
      for (const name of Object.keys(schemas)) {
        const valid = examples("valid").filter((example) => example.schema === name);
        const invalid = examples("invalid").filter((example) => example.schema === name);
        expect(valid.length, `${name} valid examples`).to.be.greaterThan(0);
        expect(invalid.length, `${name} invalid examples`).to.be.greaterThan(0);
      }
    });
  });

  describe("when an example is valid", () => {
    for (const example of examples("valid")) {
      it(`accepts ${example.schema}/${example.name}`, () => {
        expect(() => decode(example.schema as SchemaName, example.document)).not.to.throw();
      });
    }
  });

  describe("when an example is invalid", () => {
    for (const example of examples("invalid")) {
      it(`rejects ${example.schema}/${example.name}`, () => {
        expect(() => decode(example.schema as SchemaName, example.document)).to.throw(
          ContractViolation,
        );
      });
    }
  });

  describe("when a field is renamed", () => {
    for (const example of examples("valid")) {
      it(`rejects ${example.schema}/${example.name} with its first key renamed`, () => {
        const document = { ...(example.document as Record<string, unknown>) };
        const [first] = Object.keys(document);
        document[`${first}_renamed`] = document[first!];
        delete document[first!];
        expect(() => decode(example.schema as SchemaName, document)).to.throw(ContractViolation);
      });
    }
  });

  describe("when the violation is reported", () => {
    it("names the path of the invalid field", () => {
      const [example] = examples("invalid").filter((e) => e.name === "bad-event-id");
      try {
        decode("item-upsert", example!.document);
        expect.fail("decode accepted an invalid event id");
      } catch (error) {
        expect((error as ContractViolation).errors.join(" ")).to.include("event_id");
      }
    });
  });
});

describe("itemShard", () => {
  const { vectors } = JSON.parse(readFileSync(path.join(examplesDir, "shards.json"), "utf8")) as {
    vectors: { item_code: string; shard: number }[];
  };
  for (const vector of vectors) {
    it(`maps ${JSON.stringify(vector.item_code.slice(0, 20))} to shard ${vector.shard}`, () => {
      expect(itemShard(vector.item_code)).to.equal(vector.shard);
    });
  }
});
