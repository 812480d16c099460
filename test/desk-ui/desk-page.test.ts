import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { expect } from "chai";
import type { Browser } from "playwright-core";
import postcss, { type AtRule } from "postcss";
import { startFrappeStub, type FrappeStub } from "../support/frappe-stub/index.js";
import {
  BUNDLE_CSS,
  CHROMIUM_PATH,
  ensureBundle,
  launchChromium,
  skipSuiteBecause,
} from "./browser.js";
import {
  BENCH_PATH,
  benchSite,
  createTestCredentials,
  ensureRealtimeServer,
  ensureWebServer,
  startJobWorker,
  stopBenchServices,
  type BenchCredentials,
} from "./bench-services.js";
import { definePageScenario, type PageTarget } from "./page-scenario.js";

/** Why the browser cannot run here, or null when it can. */
function browserUnavailable(): string | null {
  if (!existsSync(CHROMIUM_PATH)) {
    return `no Chromium at ${CHROMIUM_PATH}: apt-get install -y chromium, or set WIX_CHROMIUM_PATH`;
  }
  const bundle = ensureBundle();
  return bundle.error ? `npm run build failed:\n${bundle.error}` : null;
}

describe("desk page bundle", () => {
  describe("when built", () => {
    it("scopes every CSS rule to the page root", function () {
      this.timeout(240_000);
      const bundle = ensureBundle();
      if (bundle.error) throw new Error(`npm run build failed:\n${bundle.error}`);
      const selectors: string[] = [];
      postcss.parse(readFileSync(BUNDLE_CSS, "utf8")).walkRules((rule) => {
        const parent = rule.parent;
        if (parent?.type === "atrule" && /keyframes$/.test((parent as AtRule).name)) return;
        selectors.push(...rule.selectors);
      });
      expect(selectors.length).to.be.greaterThan(100);
      const unscoped = selectors.filter((selector) => !selector.includes("#wix-integration-root"));
      expect(unscoped, "selectors outside #wix-integration-root").to.deep.equal([]);
    });
  });
});

describe("desk page", function () {
  let browser: Browser;

  before(async function () {
    this.timeout(240_000);
    const reason = browserUnavailable();
    if (reason) skipSuiteBecause(this, reason);
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
  });

  describe("when served by the Frappe stand-in", () => {
    let stub: FrappeStub;
    const password = randomBytes(12).toString("hex");
    const token = `${randomBytes(8).toString("hex")}:${randomBytes(8).toString("hex")}`;

    before(async () => {
      stub = await startFrappeStub({
        users: [
          { name: "wix.manager@example.com", password, roles: ["Wix Manager"] },
          { name: "clerk@example.com", password, roles: ["Stock User"] },
        ],
        integrationToken: token,
      });
    });

    definePageScenario(
      (): PageTarget => ({
        name: "stub",
        baseUrl: stub.url,
        user: { usr: "wix.manager@example.com", pwd: password },
        workerToken: token,
        dropRealtimeClients: () => stub.dropRealtimeClients(),
      }),
      () => browser,
    );

    // Registered after the scenario's own hooks, so its browser context closes first and cannot
    // reconnect to the stand-in while it shuts down.
    after(async () => {
      await stub?.close();
    });
  });

  describe("when served by a running bench", () => {
    let target: PageTarget | null = null;

    before(async function () {
      this.timeout(240_000);
      const found = await benchTarget();
      if (typeof found === "string") {
        await stopBenchServices();
        skipSuiteBecause(this, found);
      }
      target = found as PageTarget;
    });

    definePageScenario(
      () => target!,
      () => browser,
    );

    // Registered after the scenario's hooks, so the browser context closes before the servers stop.
    after(async function () {
      this.timeout(60_000);
      await stopBenchServices();
    });
  });
});

/**
 * Returns the bench to test against, or the reason there is none. Credentials come from
 * WIX_BENCH_USER / WIX_BENCH_PASSWORD and WIX_FRAPPE_API_KEY / WIX_FRAPPE_API_SECRET when set,
 * else from the app's CLI fixture. The web, realtime and job processes that are not running are
 * started for the suite; stopBenchServices() stops them.
 */
async function benchTarget(): Promise<PageTarget | string> {
  if (!existsSync(path.join(BENCH_PATH, "apps", "frappe"))) return `no bench at ${BENCH_PATH}`;
  const site = benchSite();
  if (!site) {
    return `no site chosen: set WIX_BENCH_SITE or default_site in ${BENCH_PATH}/sites/common_site_config.json`;
  }

  const apps = spawnSync("bench", ["--site", site, "list-apps"], {
    cwd: BENCH_PATH,
    encoding: "utf8",
  });
  if (!apps.stdout?.includes("wix_integration")) {
    return `wix_integration is not installed on site ${site}`;
  }

  const credentials = credentialsFromEnvironment() ?? createTestCredentials(site);
  if (typeof credentials === "string") return credentials;

  const server = await ensureWebServer(site);
  if ("error" in server) return server.error;
  const baseUrl = server.url;
  const bundleUrl = `${baseUrl}/assets/wix_integration/desk-ui/wix-integration-desk.js`;
  const bundle = await fetch(bundleUrl, { method: "HEAD", signal: AbortSignal.timeout(5_000) });
  if (!bundle.ok) {
    return `${baseUrl} does not serve the desk-ui bundle (HTTP ${bundle.status}): run \`bench build --app wix_integration\``;
  }
  const realtimeError = await ensureRealtimeServer();
  if (realtimeError) return realtimeError;
  startJobWorker();

  return {
    name: "bench",
    baseUrl,
    user: credentials.manager,
    workerToken: `${credentials.integration.api_key}:${credentials.integration.api_secret}`,
  };
}

/** Returns the credentials given in the environment, or null when any of them is missing. */
function credentialsFromEnvironment(): BenchCredentials | null {
  const password = process.env.WIX_BENCH_PASSWORD;
  const apiKey = process.env.WIX_FRAPPE_API_KEY;
  const apiSecret = process.env.WIX_FRAPPE_API_SECRET;
  if (!password || !apiKey || !apiSecret) return null;
  return {
    manager: { usr: process.env.WIX_BENCH_USER ?? "Administrator", pwd: password },
    integration: { user: "", api_key: apiKey, api_secret: apiSecret },
  };
}
