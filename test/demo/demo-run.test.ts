import { expect } from "chai";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

import amqplib from "amqplib";

import { topologyNames } from "../../worker/src/amqp/names.js";
import { configFromEnv } from "../../worker/src/config.js";
import {
  convertCatalog,
  convertCatalogFile,
  defaultConversionOptions,
} from "../../worker/src/demo/catalogs/index.js";
import { fixturesDirectory, SAMPLE_CATALOG } from "../../worker/src/demo/options.js";
import { runCatalog } from "../../worker/src/demo/run.js";
import { formatSummary, outcomeOf, type CatalogRun } from "../../worker/src/demo/summary.js";
import type { Product, Sandbox, V1Product, V3Product } from "../../worker/src/sandbox/index.js";
import { repoRoot } from "../support/contract.js";
import { skipBecause } from "../support/skip.js";
import { startMockFrappe } from "../worker/mock-frappe.js";

const AMQP_URL = process.env.WIX_AMQP_URL ?? "amqp://guest:guest@127.0.0.1:5672/%2F";
const MAIN = path.join(repoRoot, "worker", "src", "demo", "main.ts");
const EXPECTED = path.join(repoRoot, "worker", "sample-data", "expected-outcomes.json");

interface ExpectedOutcome {
  case: string;
  status: "Success" | "Failed" | "Skipped";
  operation?: string;
  /** The field the error names, for failures. */
  field?: string;
  /** A pattern the result message must match. */
  message?: string;
}

async function brokerReachable(): Promise<boolean> {
  try {
    const connection = await amqplib.connect(AMQP_URL, { timeout: 2_000 });
    await connection.close();
    return true;
  } catch {
    return false;
  }
}

async function runFile(
  file: string,
  catalogVersion: "V1" | "V3",
  resultsDir: string,
  inspectSandbox?: (sandbox: Sandbox) => void,
): Promise<CatalogRun> {
  const conversion = await convertCatalogFile(file, defaultConversionOptions());
  return runCatalog({
    file,
    conversion,
    catalogVersion,
    rateLimit: false,
    amqpUrl: AMQP_URL,
    resultsFile: path.join(resultsDir, `${path.parse(file).name}-${catalogVersion}.jsonl`),
    timeoutSeconds: 120,
    inspectSandbox,
  });
}

/** The checks every demo run must pass, whatever the catalog. */
function expectNothingLost(run: CatalogRun): void {
  const label = `${path.basename(run.file)} (summary below)\n${formatSummary(run)}\n`;
  expect(run.missing, `${label}: events without a result`).to.deep.equal([]);
  expect(run.results.length, `${label}: results`).to.equal(run.published);
  expect(run.published, `${label}: published`).to.equal(run.conversion.items.length);
  expect(run.duplicateSkus, `${label}: SKUs on more than one sandbox product`).to.deep.equal([]);
  for (const result of run.results.filter((entry) => entry.status === "Failed")) {
    expect(result.error, `${label} ${result.item_code}: error`).to.not.equal(null);
    expect(result.error?.message, `${label} ${result.item_code}: error message`).to.not.equal("");
    expect(result.message, `${label} ${result.item_code}: message`).to.not.equal("");
  }
  const lines = readFileSync(run.resultsFile, "utf8").trim().split("\n");
  expect(lines.length, `${label}: lines in the results file`).to.be.at.least(run.published);
}

/** Returns true when the queue exists; checkQueue closes its channel with 404 when it does not. */
async function queueExists(queue: string): Promise<boolean> {
  const connection = await amqplib.connect(AMQP_URL);
  try {
    const channel = await connection.createChannel();
    channel.on("error", () => undefined);
    try {
      await channel.checkQueue(queue);
      await channel.close();
      return true;
    } catch {
      return false;
    }
  } finally {
    await connection.close();
  }
}

/** Returns a loopback port that was free a moment ago, so connecting to it is refused. */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function runCli(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", MAIN, ...args], {
      cwd: path.join(repoRoot, "worker"),
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("demo run", function () {
  this.timeout(240_000);
  const resultsDir = mkdtempSync(path.join(tmpdir(), "wix-demo-"));
  let reachable = false;

  before(async () => {
    reachable = await brokerReachable();
  });

  describe("when it syncs the sample catalog", () => {
    const runs: Partial<Record<"V1" | "V3", CatalogRun>> = {};
    const expected = JSON.parse(readFileSync(EXPECTED, "utf8")) as Record<
      "V1" | "V3",
      Record<string, ExpectedOutcome>
    >;
    const products: Partial<Record<"V1" | "V3", Map<string, Product[]>>> = {};
    const sampleRun = (context: Mocha.Context, version: "V1" | "V3"): CatalogRun => {
      if (!reachable) skipBecause(context, `RabbitMQ is not reachable at ${AMQP_URL}`);
      expect(runs[version], `the ${version} run finished`).to.not.equal(undefined);
      return runs[version]!;
    };

    for (const version of ["V3", "V1"] as const) {
      describe(`on a Catalog ${version} site`, () => {
        before(async () => {
          // Each test skips with the reason when there is no run; a skip here would not carry one.
          if (!reachable) return;
          runs[version] = await runFile(SAMPLE_CATALOG, version, resultsDir, (sandbox) => {
            products[version] = sandbox.productsBySku();
          });
        });

        it("reports a result for every item", function () {
          const run = sampleRun(this, version);
          expectNothingLost(run);
        });

        it("deletes its queues at the end", async function () {
          const run = sampleRun(this, version);
          const names = topologyNames(run.namespace);
          for (const queue of [
            names.itemQueue(0),
            names.itemQueue(7),
            names.parkingQueue,
            names.resultsQueue,
          ]) {
            expect(await queueExists(queue), queue).to.equal(false);
          }
          expect(run.namespace).to.match(/^wix_integration\.demo\./);
        });

        it("syncs the ordinary items", function () {
          const run = sampleRun(this, version);
          const hardCases = new Set(Object.keys(expected[version]));
          const ordinary = run.results.filter((result) => !hardCases.has(result.item_code));
          expect(ordinary.length).to.be.above(150);
          for (const result of ordinary) {
            expect(`${result.item_code} ${outcomeOf(result)}`).to.equal(
              `${result.item_code} created`,
            );
          }
        });

        it("gives each hard case its documented outcome", function () {
          const run = sampleRun(this, version);
          for (const [itemCode, outcome] of Object.entries(expected[version])) {
            const result = run.results.find((entry) => entry.item_code === itemCode);
            expect(result, `${itemCode} (${outcome.case}): result`).to.not.equal(undefined);
            const label = `${itemCode} (${outcome.case}): ${result!.message}`;
            expect(result!.status, label).to.equal(outcome.status);
            if (outcome.operation) expect(result!.operation, label).to.equal(outcome.operation);
            if (outcome.field) expect(result!.error?.field, label).to.equal(outcome.field);
            if (outcome.message) {
              expect(result!.message, label).to.match(new RegExp(outcome.message));
            }
          }
        });

        it("stores the hard cases correctly in Wix", function () {
          sampleRun(this, version);
          const bySku = products[version]!;
          const only = (sku: string) => {
            expect(bySku.get(sku), `sandbox products with SKU ${sku}`).to.have.length(1);
            return bySku.get(sku)![0]!;
          };
          const text = (product: Product) => JSON.stringify(product);

          const script = text(only("EDGE-HTML-SCRIPT"));
          expect(script).to.include("Safe text.");
          expect(script).to.not.include("<script");
          expect(script).to.not.include("onerror");
          expect(script).to.not.include("javascript:");

          const combining = only("EDGE-COMBINING").name!;
          expect(combining, "name in NFC").to.equal(combining.normalize("NFC"));
          expect(combining).to.include("Crème brûlée");

          expect(text(only("EDGE-IMAGE-HTTP"))).to.not.include("http://images.example.com");
          expect(only("EDGE-NAME-SPACES").name).to.equal("Name with surrounding spaces");
          expect(only("EDGE-NAME-EMPTY").name).to.equal("EDGE-NAME-EMPTY");

          if (version === "V3") {
            const variant = (sku: string) => (only(sku) as V3Product).variantsInfo!.variants![0]!;
            expect(variant("EDGE-WEIGHT-LB").physicalProperties?.weight, "2.5 lb in kg").to.equal(
              1.134,
            );
            expect(variant("EDGE-WEIGHT-G").physicalProperties?.weight, "750 g in kg").to.equal(
              0.75,
            );
            expect(variant("EDGE-BARCODE-UPC").barcode).to.equal("036000291452");
            expect(variant("EDGE-PRICE-ZERO").price?.actualPrice?.amount).to.equal("0");
          } else {
            expect((only("EDGE-WEIGHT-LB") as V1Product).weight, "2.5 lb in kg").to.equal(1.134);
            expect((only("EDGE-WEIGHT-OZ") as V1Product).weight, "12 oz in kg").to.equal(0.34);
            expect((only("EDGE-PRICE-ZERO") as V1Product).priceData?.price).to.equal(0);
          }
        });
      });
    }
  });

  describe("when it syncs the real catalogs", () => {
    const directory = path.join(fixturesDirectory(), "catalogs");
    const files = existsSync(directory)
      ? readdirSync(directory)
          .filter((name) => /\.(csv|json)$/.test(name))
          .sort()
      : [];

    it("finds real catalogs to sync", function () {
      if (files.length === 0)
        skipBecause(this, `no real catalogs in ${directory}; set WIX_FIXTURES_DIR`);
      expect(files.length).to.be.above(0);
    });

    for (const file of files) {
      it(`loses nothing from ${file}`, async function () {
        if (!reachable) skipBecause(this, `RabbitMQ is not reachable at ${AMQP_URL}`);
        const run = await runFile(path.join(directory, file), "V3", resultsDir);
        expectNothingLost(run);
        const synced = run.results.filter((result) => result.status === "Success").length;
        expect(synced, `${file}: synced items`).to.be.above(0);
      });
    }
  });

  describe("when a Frappe URL is configured", () => {
    it("reports every result to Frappe too", async function () {
      if (!reachable) skipBecause(this, `RabbitMQ is not reachable at ${AMQP_URL}`);
      const frappe = await startMockFrappe(configFromEnv({}));
      try {
        const conversion = convertCatalog(
          "item_code,item_name,price_list_rate\nF-1,Fork,3\nF-2,Spoon,2\nF-3,Name that is far too long for Wix because it goes on and on past eighty characters,1\n",
          "frappe.csv",
        );
        const run = await runCatalog({
          file: "frappe.csv",
          conversion,
          catalogVersion: "V3",
          rateLimit: false,
          amqpUrl: AMQP_URL,
          resultsFile: path.join(resultsDir, "frappe.jsonl"),
          frappe: { url: frappe.url, apiKey: frappe.apiKey, apiSecret: frappe.apiSecret },
          timeoutSeconds: 60,
        });
        expectNothingLost(run);
        expect(
          [...frappe.results.values()]
            .map((result) => `${result.item_code} ${result.status}`)
            .sort(),
        ).to.deep.equal(["F-1 Success", "F-2 Success", "F-3 Failed"]);
        expect(formatSummary(run)).to.include(`and Frappe ${frappe.url} (report_result)`);
      } finally {
        await frappe.close();
      }
    });
  });

  describe("queue check", () => {
    it("sees a queue that exists", async function () {
      if (!reachable) skipBecause(this, `RabbitMQ is not reachable at ${AMQP_URL}`);
      const connection = await amqplib.connect(AMQP_URL);
      const channel = await connection.createChannel();
      const queue = `wix_integration.demo.queue-check.${process.pid}`;
      await channel.assertQueue(queue, { durable: false });
      try {
        expect(await queueExists(queue)).to.equal(true);
      } finally {
        await channel.deleteQueue(queue);
        await connection.close();
      }
    });
  });

  describe("when started from the command line", () => {
    it("prints the summary and exits 0", async function () {
      if (!reachable) skipBecause(this, `RabbitMQ is not reachable at ${AMQP_URL}`);
      const results = path.join(resultsDir, "cli.jsonl");
      const { code, stdout, stderr } = await runCli(["--results", results], {
        WIX_AMQP_URL: AMQP_URL,
      });
      expect(code, stderr).to.equal(0);
      expect(stdout).to.match(/published {3}200 item\.upsert events/);
      expect(stdout).to.match(/results {5}200 of 200/);
      expect(stdout).to.match(/rate limit off/);
      expect(readFileSync(results, "utf8").trim().split("\n").length).to.be.at.least(200);
    });

    it("names the URL when RabbitMQ is down", async () => {
      const port = await closedPort();
      const url = `amqp://guest:secret-password@127.0.0.1:${port}/%2F`;
      const { code, stderr } = await runCli([], { WIX_AMQP_URL: url });
      expect(code).to.equal(1);
      expect(stderr).to.include(
        `RabbitMQ is not reachable at amqp://guest:***@127.0.0.1:${port}/%2F`,
      );
      expect(stderr).to.not.include("secret-password");
      expect(stderr).to.include("WIX_AMQP_URL");
    });

    it("explains a missing fixtures folder", async () => {
      const missing = path.join(resultsDir, "no-such-fixtures");
      const { code, stderr } = await runCli(["--all-fixtures"], { WIX_FIXTURES_DIR: missing });
      expect(code).to.equal(2);
      expect(stderr).to.include(`--all-fixtures: cannot read ${path.join(missing, "catalogs")}`);
      expect(stderr).to.include("Set WIX_FIXTURES_DIR");
    });

    it("names a missing export file", async () => {
      const missing = path.join(resultsDir, "no-such-export.csv");
      const { code, stderr } = await runCli([missing], {});
      expect(code).to.equal(1);
      expect(stderr).to.include(
        `Cannot convert the catalog, so it is not synced: ${missing} does not exist`,
      );
    });

    it("rejects an unknown catalog version", async () => {
      const { code, stderr } = await runCli(["--catalog-version", "V2"], {});
      expect(code).to.equal(2);
      expect(stderr).to.include("--catalog-version V2 is invalid: use V1 or V3");
    });
  });
});
