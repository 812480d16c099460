import { expect } from "chai";

import { startSandbox, type Sandbox, type SandboxOptions } from "../../worker/src/sandbox/index.js";
import { v3Product, wix } from "./client.js";

const VERSION_PATH = "/stores/v3/provision/version";

async function statuses(sandbox: Sandbox, count: number): Promise<number[]> {
  const result: number[] = [];
  for (let index = 0; index < count; index += 1) {
    result.push((await wix(sandbox, "GET", VERSION_PATH)).status);
  }
  return result;
}

async function failureOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected the request to fail, but it succeeded");
}

describe("Wix sandbox fault injection", () => {
  const started: Sandbox[] = [];

  async function sandboxWith(options: SandboxOptions): Promise<Sandbox> {
    const sandbox = await startSandbox({ rateLimitPerMinute: 0, seed: 42, ...options });
    started.push(sandbox);
    return sandbox;
  }

  afterEach(async () => {
    await Promise.all(started.splice(0).map((sandbox) => sandbox.close()));
  });

  describe("when the error rate is 1", () => {
    it("returns 500, 503 or 504 with an empty body", async () => {
      const sandbox = await sandboxWith({ faults: { errorRate: 1 } });
      for (let index = 0; index < 20; index += 1) {
        const response = await wix(sandbox, "GET", VERSION_PATH);
        expect([500, 503, 504]).to.include(response.status);
        expect(response.text).to.equal("");
      }
      const calls = sandbox.calls();
      expect(calls.every((call) => call.fault === "error")).to.equal(true);
      expect(new Set(calls.map((call) => call.status)).size).to.be.greaterThan(1);
    });
  });

  describe("when faults are seeded", () => {
    it("repeats the same outcomes for the same seed", async () => {
      const faults = {
        errorRate: 0.3,
        burst429: { afterRequests: 10, count: 2, everyRequests: 15 },
      };
      const first = await sandboxWith({ seed: 7, faults });
      const second = await sandboxWith({ seed: 7, faults });
      const firstRun = await statuses(first, 60);
      const secondRun = await statuses(second, 60);
      expect(firstRun).to.deep.equal(secondRun);
      expect(firstRun.filter((status) => status >= 500).length).to.be.within(5, 35);
    });

    it("changes the outcomes for another seed", async () => {
      const first = await sandboxWith({ seed: 7, faults: { errorRate: 0.5 } });
      const second = await sandboxWith({ seed: 8, faults: { errorRate: 0.5 } });
      expect(await statuses(first, 40)).to.not.deep.equal(await statuses(second, 40));
    });

    it("replays the same outcomes after reset", async () => {
      const sandbox = await sandboxWith({ seed: 11, faults: { errorRate: 0.5 } });
      const before = await statuses(sandbox, 30);
      sandbox.reset();
      expect(await statuses(sandbox, 30)).to.deep.equal(before);
    });
  });

  describe("when latency is set", () => {
    it("delays every response by at least that long", async () => {
      const sandbox = await sandboxWith({ latencyMs: 150 });
      const started = performance.now();
      const response = await wix(sandbox, "GET", VERSION_PATH);
      expect(response.status).to.equal(200);
      expect(performance.now() - started).to.be.at.least(145);
    });
  });

  describe("when the timeout rate is 1", () => {
    it("holds the request until the client gives up", async () => {
      const sandbox = await sandboxWith({ faults: { timeoutRate: 1 } });
      const error = await failureOf(
        wix(sandbox, "GET", VERSION_PATH, undefined, {
          headers: { authorization: sandbox.apiKey, "wix-site-id": sandbox.siteId },
          signal: AbortSignal.timeout(300),
        }),
      );
      expect(error.name).to.equal("TimeoutError");
      expect(sandbox.calls().at(-1)).to.include({ status: 0, fault: "timeout" });
    });

    it("still closes while a request is held", async () => {
      const sandbox = await startSandbox({ rateLimitPerMinute: 0, faults: { timeoutRate: 1 } });
      const pending = wix(sandbox, "GET", VERSION_PATH).catch((error: Error) => error);
      await new Promise((resolve) => setTimeout(resolve, 100));
      await sandbox.close();
      expect(await pending).to.be.instanceOf(Error);
    });
  });

  describe("when the reset rate is 1", () => {
    it("destroys the connection without an response", async () => {
      const sandbox = await sandboxWith({ faults: { resetRate: 1 } });
      const error = await failureOf(wix(sandbox, "GET", VERSION_PATH));
      expect(error).to.be.instanceOf(TypeError);
      expect(sandbox.calls().at(-1)).to.include({ status: 0, fault: "reset" });
    });
  });

  describe("when a 429 burst is set", () => {
    it("returns the burst's requests 429 and the rest normally", async () => {
      const sandbox = await sandboxWith({ faults: { burst429: { afterRequests: 2, count: 3 } } });
      expect(await statuses(sandbox, 7)).to.deep.equal([200, 200, 429, 429, 429, 200, 200]);
      expect(sandbox.dump().calls.byFault).to.deep.equal({ burst429: 3 });
    });

    it("repeats the burst every everyRequests requests", async () => {
      const sandbox = await sandboxWith({
        faults: { burst429: { afterRequests: 1, count: 1, everyRequests: 3 } },
      });
      expect(await statuses(sandbox, 8)).to.deep.equal([200, 429, 200, 200, 429, 200, 200, 429]);
    });
  });

  describe("when the fault phase is before", () => {
    it("does not apply a write that fails", async () => {
      const sandbox = await sandboxWith({ catalogVersion: "V3", faults: { errorRate: 1 } });
      const response = await wix(sandbox, "POST", "/stores/v3/products", {
        product: v3Product("F-1"),
      });
      expect(response.status).to.be.at.least(500);
      expect(sandbox.dump().productCount).to.equal(0);
    });
  });

  describe("when the fault phase is after", () => {
    it("applies the write and then loses the response", async () => {
      const sandbox = await sandboxWith({
        catalogVersion: "V3",
        faults: { errorRate: 1, phase: "after" },
      });
      const response = await wix(sandbox, "POST", "/stores/v3/products", {
        product: v3Product("F-2"),
      });
      expect(response.status).to.be.at.least(500);
      expect(sandbox.productsBySku().get("F-2")).to.have.length(1);
    });
  });

  describe("when faults change at run time", () => {
    it("turns them on and off through setOptions", async () => {
      const sandbox = await sandboxWith({});
      expect(await statuses(sandbox, 3)).to.deep.equal([200, 200, 200]);
      sandbox.setOptions({ faults: { errorRate: 1 } });
      expect((await statuses(sandbox, 3)).every((status) => status >= 500)).to.equal(true);
      sandbox.setOptions({ faults: { errorRate: 0 } });
      expect(await statuses(sandbox, 3)).to.deep.equal([200, 200, 200]);
    });

    it("rejects a rate outside 0 to 1", async () => {
      const sandbox = await sandboxWith({});
      expect(() => sandbox.setOptions({ faults: { timeoutRate: 1.5 } })).to.throw(
        RangeError,
        "timeoutRate",
      );
    });
  });
});
