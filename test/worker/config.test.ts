import { expect } from "chai";

import { configFromEnv, missingCredentialsWarning, readEnv } from "../../worker/src/config.js";

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

describe("env-only worker config", () => {
  describe("when WIX_RETRY_ATTEMPTS is unset", () => {
    it("retries a transient failure 3 times, as Wix Settings does", () => {
      expect(configFromEnv({}).retry_attempts).to.equal(3);
    });
  });

  describe("when the Wix credentials are missing", () => {
    it("names both variables in its warning", () => {
      expect(missingCredentialsWarning({})).to.match(
        /^WIX_API_KEY and WIX_SITE_ID are not set, .*set WIX_API_KEY .* and WIX_SITE_ID/,
      );
    });

    it("names only the one that is missing", () => {
      expect(missingCredentialsWarning({ WIX_API_KEY: "key" })).to.match(/^WIX_SITE_ID is not set/);
    });
  });

  describe("when both credentials are set", () => {
    it("has no warning", () => {
      expect(missingCredentialsWarning({ WIX_API_KEY: "key", WIX_SITE_ID: "site" })).to.equal(null);
    });
  });
});
