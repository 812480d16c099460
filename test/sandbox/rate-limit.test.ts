import { expect } from "chai";

import { startSandbox, type Sandbox } from "../../worker/src/sandbox/index.js";
import { applicationErrorCode, wix } from "./client.js";

const VERSION_PATH = "/stores/v3/provision/version";

/** Send requests until the first non-200 response; return how many passed and that response. */
async function drain(sandbox: Sandbox, max = 2000) {
  for (let passed = 0; passed < max; passed += 1) {
    const response = await wix(sandbox, "GET", VERSION_PATH);
    if (response.status !== 200) return { passed, response };
  }
  throw new Error(`no request was limited after ${max} requests`);
}

async function statuses(sandbox: Sandbox, count: number): Promise<number[]> {
  const result: number[] = [];
  for (let index = 0; index < count; index += 1) {
    result.push((await wix(sandbox, "GET", VERSION_PATH)).status);
  }
  return result;
}

function sleep(milliseconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, milliseconds));
}

describe("Wix sandbox rate limit", () => {
  let sandbox: Sandbox;

  before(async () => {
    sandbox = await startSandbox();
  });

  after(async () => {
    await sandbox.close();
  });

  beforeEach(() => {
    sandbox.setOptions({ rateLimitPerMinute: 200, retryAfterHeader: false });
    sandbox.reset();
  });

  describe("when a site sends more than 200 requests a minute", () => {
    it("returns 429 with an applicationError once 200 are used", async () => {
      // The bucket refills about one token every 300 ms while it drains, hence the small range.
      const { passed, response } = await drain(sandbox);
      expect(passed).to.be.within(200, 205);
      expect(response.status).to.equal(429);
      expect(applicationErrorCode(response)).to.equal("TOO_MANY_REQUESTS");
      expect(response.headers.get("retry-after")).to.equal(null);
      expect(sandbox.calls().at(-1)?.fault).to.equal("rateLimit");
    });

    it("sends Retry-After in seconds when that option is on", async () => {
      sandbox.setOptions({ retryAfterHeader: true });
      const { response } = await drain(sandbox);
      expect(response.status).to.equal(429);
      expect(Number(response.headers.get("retry-after"))).to.be.within(1, 60);
    });

    it("refills tokens over time", async () => {
      sandbox.setOptions({ rateLimitPerMinute: 600 });
      const { passed } = await drain(sandbox);
      expect(passed).to.be.within(600, 1000);
      // 600 a minute refills one token every 100 ms.
      await sleep(250);
      expect((await wix(sandbox, "GET", VERSION_PATH)).status).to.equal(200);
    });

    it("starts with a full bucket after reset", async () => {
      await drain(sandbox);
      sandbox.reset();
      expect((await wix(sandbox, "GET", VERSION_PATH)).status).to.equal(200);
    });
  });

  describe("when requests fail auth", () => {
    it("does not charge them to the site's budget", async () => {
      for (let index = 0; index < 50; index += 1) {
        await wix(sandbox, "GET", VERSION_PATH, undefined, { headers: { authorization: "wrong" } });
      }
      const result = await statuses(sandbox, 200);
      expect(result.filter((status) => status === 429)).to.have.length(0);
    });
  });

  describe("when the limit is 0", () => {
    it("lets every request through", async () => {
      sandbox.setOptions({ rateLimitPerMinute: 0 });
      const result = await statuses(sandbox, 300);
      expect(result.filter((status) => status !== 200)).to.deep.equal([]);
    });
  });
});
