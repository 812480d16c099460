import { expect } from "chai";
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { startSandbox, type Sandbox, type SandboxState } from "../../worker/src/sandbox/index.js";
import { v1Product, v3Product, wix } from "./client.js";

const workerDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../worker");

describe("Wix sandbox state and admin endpoints", () => {
  let sandbox: Sandbox;

  before(async () => {
    sandbox = await startSandbox({ catalogVersion: "V3", rateLimitPerMinute: 0 });
  });

  after(async () => {
    await sandbox.close();
  });

  beforeEach(() => {
    sandbox.setOptions({ catalogVersion: "V3" });
    sandbox.reset();
  });

  describe("when the state is dumped", () => {
    it("lists products by id and counts calls by route and status", async () => {
      const created = await wix<{ product: { id: string } }>(
        sandbox,
        "POST",
        "/stores/v3/products",
        {
          product: v3Product("DUMP-1"),
        },
      );
      await wix(sandbox, "GET", "/stores/v3/products/missing");
      const state = sandbox.dump();
      expect(Object.keys(state.products.v3)).to.deep.equal([created.body.product.id]);
      expect(state.productCount).to.equal(1);
      expect(state.calls.total).to.equal(2);
      expect(state.calls.byRoute).to.deep.equal({
        "POST /stores/v3/products": 1,
        "GET /stores/v3/products/{id}": 1,
      });
      expect(state.calls.byStatus).to.deep.equal({ "200": 1, "404": 1 });
    });

    it("returns copies that callers cannot change", async () => {
      await wix(sandbox, "POST", "/stores/v3/products", { product: v3Product("COPY-1") });
      const state = sandbox.dump();
      const product = Object.values(state.products.v3)[0];
      if (product) product.name = "changed";
      expect(Object.values(sandbox.dump().products.v3)[0]?.name).to.equal("Product COPY-1");
    });

    it("serves the dump at GET /_sandbox/state without auth", async () => {
      await wix(sandbox, "POST", "/stores/v3/products", { product: v3Product("HTTP-1") });
      const response = await wix<SandboxState>(sandbox, "GET", "/_sandbox/state", undefined, {
        headers: {},
      });
      expect(response.status).to.equal(200);
      expect(response.body.productCount).to.equal(1);
      expect(response.body.url).to.equal(sandbox.url);
    });

    it("keeps admin calls out of the call records", async () => {
      await wix(sandbox, "GET", "/_sandbox/state", undefined, { headers: {} });
      expect(sandbox.calls()).to.deep.equal([]);
    });
  });

  describe("when products are listed by SKU", () => {
    it("groups V1 duplicates and V3 variant SKUs", async () => {
      sandbox.setOptions({ catalogVersion: "V1" });
      await wix(sandbox, "POST", "/stores/v1/products", { product: v1Product("SHARED") });
      await wix(sandbox, "POST", "/stores/v1/products", { product: v1Product("SHARED") });
      sandbox.setOptions({ catalogVersion: "V3" });
      await wix(sandbox, "POST", "/stores/v3/products", { product: v3Product("V3-ONLY") });
      const bySku = sandbox.productsBySku();
      expect(bySku.get("SHARED")).to.have.length(2);
      expect(bySku.get("V3-ONLY")).to.have.length(1);
      expect(bySku.has("MISSING")).to.equal(false);
    });
  });

  describe("when options and reset go over HTTP", () => {
    it("switches the catalog version with POST /_sandbox/options", async () => {
      const response = await wix(
        sandbox,
        "POST",
        "/_sandbox/options",
        { catalogVersion: "V1" },
        { headers: {} },
      );
      expect(response.status).to.equal(200);
      expect(response.body.catalogVersion).to.equal("V1");
      const version = await wix(sandbox, "GET", "/stores/v3/provision/version");
      expect(version.body).to.deep.equal({ catalogVersion: "V1_CATALOG" });
    });

    it("returns 400 for an invalid option", async () => {
      const response = await wix(
        sandbox,
        "POST",
        "/_sandbox/options",
        { catalogVersion: "V2" },
        { headers: {} },
      );
      expect(response.status).to.equal(400);
      expect(response.text).to.include("catalogVersion");
    });

    it("clears products and calls with POST /_sandbox/reset", async () => {
      await wix(sandbox, "POST", "/stores/v3/products", { product: v3Product("RESET-1") });
      const response = await wix(sandbox, "POST", "/_sandbox/reset", {}, { headers: {} });
      expect(response.status).to.equal(200);
      expect(sandbox.dump().productCount).to.equal(0);
      expect(sandbox.dump().calls.total).to.equal(0);
    });

    it("lists call records at GET /_sandbox/calls", async () => {
      await wix(sandbox, "GET", "/stores/v3/provision/version");
      const response = await wix<{ calls: { method: string; path: string; status: number }[] }>(
        sandbox,
        "GET",
        "/_sandbox/calls",
        undefined,
        { headers: {} },
      );
      expect(response.body.calls).to.have.length(1);
      expect(response.body.calls[0]).to.include({
        method: "GET",
        path: "/stores/v3/provision/version",
        status: 200,
      });
    });
  });

  describe("when the call log is full", () => {
    it("keeps the newest records and every counter", async () => {
      const small = await startSandbox({ rateLimitPerMinute: 0, callLogLimit: 5 });
      try {
        for (let index = 0; index < 8; index += 1) await wix(small, "GET", `/unknown/${index}`);
        expect(small.calls().map((call) => call.path)).to.deep.equal(
          [3, 4, 5, 6, 7].map((index) => `/unknown/${index}`),
        );
        expect(small.dump().calls.total).to.equal(8);
      } finally {
        await small.close();
      }
    });
  });

  describe("when it runs from the command line", () => {
    let child: ChildProcess | undefined;

    afterEach(() => {
      if (child && child.exitCode === null) child.kill("SIGKILL");
    });

    it("prints its URL, key and site id and serves requests", async function () {
      this.timeout(30_000);
      child = spawn(
        process.execPath,
        [
          "--import",
          "tsx",
          "src/sandbox/main.ts",
          "--catalog-version",
          "V1",
          "--site-id",
          "cli-site",
        ],
        { cwd: workerDir, stdio: ["ignore", "pipe", "pipe"] },
      );
      let output = "";
      const url = await new Promise<string>((resolve, reject) => {
        child!.stdout!.on("data", (chunk: Buffer) => {
          output += chunk.toString();
          const match = /WIX_BASE_URL=(\S+)/.exec(output);
          if (match && output.includes("WIX_SITE_ID=")) resolve(match[1] as string);
        });
        child!.once("exit", (code) => reject(new Error(`sandbox exited with ${code}: ${output}`)));
      });
      expect(output).to.include("WIX_API_KEY=sandbox-api-key");
      expect(output).to.include("WIX_SITE_ID=cli-site");
      const version = await fetch(`${url}/stores/v3/provision/version`, {
        headers: { authorization: "sandbox-api-key", "wix-site-id": "cli-site" },
      });
      expect(await version.json()).to.deep.equal({ catalogVersion: "V1_CATALOG" });
      const exited = new Promise<number | null>((resolve) => child!.once("exit", resolve));
      child.kill("SIGTERM");
      expect(await exited).to.equal(0);
    });
  });
});
