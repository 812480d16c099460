import { expect } from "chai";

import { readEnv } from "../../worker/src/config.js";

describe("worker environment", () => {
  describe("when WIX_RETRY_DELAYS_MS is set", () => {
    it("reads one retry delay per attempt, in milliseconds", () => {
      expect(readEnv({ WIX_RETRY_DELAYS_MS: "1000, 2000,4000" }).retryDelaysMs).to.deep.equal([
        1000, 2000, 4000,
      ]);
    });

    it("rejects a list with a value that is not a whole number of milliseconds", () => {
      expect(() => readEnv({ WIX_RETRY_DELAYS_MS: "1000,2s" })).to.throw(
        /WIX_RETRY_DELAYS_MS=1000,2s is invalid: set a comma-separated list/,
      );
    });
  });

  describe("when WIX_RETRY_DELAYS_MS is unset", () => {
    it("leaves the retry delays to the worker's defaults", () => {
      expect(readEnv({}).retryDelaysMs).to.equal(null);
    });
  });
});
