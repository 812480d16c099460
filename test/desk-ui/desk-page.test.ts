import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
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
      this.timeout(60_000);
      const found = await benchTarget();
      if (typeof found === "string") skipSuiteBecause(this, found);
      target = found;
    });

    definePageScenario(
      () => target!,
      () => browser,
    );
  });
});

/** Returns the running bench to test against, or the reason there is none. */
async function benchTarget(): Promise<PageTarget | string> {
  const benchPath = process.env.WIX_BENCH_PATH ?? path.join(homedir(), "frappe-bench");
  if (!existsSync(path.join(benchPath, "apps", "frappe"))) return `no bench at ${benchPath}`;

  const currentSite = path.join(benchPath, "sites", "currentsite.txt");
  const site =
    process.env.WIX_BENCH_SITE ??
    (existsSync(currentSite) ? readFileSync(currentSite, "utf8").trim() : "");
  if (!site)
    return `no site chosen: set WIX_BENCH_SITE or run \`bench use <site>\` in ${benchPath}`;

  const apps = spawnSync("bench", ["--site", site, "list-apps"], {
    cwd: benchPath,
    encoding: "utf8",
  });
  if (!apps.stdout?.includes("wix_integration")) {
    return `wix_integration is not installed on site ${site}`;
  }

  const baseUrl = process.env.WIX_BENCH_URL ?? "http://127.0.0.1:8000";
  const signal = () => AbortSignal.timeout(5_000);
  const ping = await fetch(`${baseUrl}/api/method/ping`, { signal: signal() }).catch(() => null);
  if (!ping?.ok) {
    return `no Frappe server responds at ${baseUrl}: run \`bench start\` or set WIX_BENCH_URL`;
  }
  const bundleUrl = `${baseUrl}/assets/wix_integration/desk-ui/wix-integration-desk.js`;
  const bundle = await fetch(bundleUrl, { method: "HEAD", signal: signal() });
  if (!bundle.ok) {
    return `${baseUrl} does not serve the desk-ui bundle (HTTP ${bundle.status}): run \`bench build --app wix_integration\``;
  }

  const user = process.env.WIX_BENCH_USER ?? "Administrator";
  const password = process.env.WIX_BENCH_PASSWORD;
  if (!password)
    return `set WIX_BENCH_PASSWORD to the password of ${user}, a Wix Manager on ${site}`;
  const apiKey = process.env.WIX_FRAPPE_API_KEY;
  const apiSecret = process.env.WIX_FRAPPE_API_SECRET;
  if (!apiKey || !apiSecret) {
    return "set WIX_FRAPPE_API_KEY and WIX_FRAPPE_API_SECRET to the integration user's keys, so the test can report a result as the worker does";
  }
  return {
    name: "bench",
    baseUrl,
    user: { usr: user, pwd: password },
    workerToken: `${apiKey}:${apiSecret}`,
  };
}
