/// <reference lib="dom" />
// The desk page scenario the browser test runs against each target: the Frappe stand-in here,
// and a real bench when one is running. Everything goes through the page or through the same
// HTTP endpoints, so the scenario does not depend on which server responds.
import { expect } from "chai";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { screenshotPath } from "./browser.js";
import { reportFailure, reportSuccess, sendHeartbeat, type WorkerAuth } from "./worker-calls.js";
import { skipBecause } from "../support/skip.js";

export interface PageTarget {
  name: string;
  baseUrl: string;
  user: { usr: string; pwd: string };
  workerToken: string;
  /** Drops every socket.io client; only a target we run ourselves can do it. */
  dropRealtimeClients?: () => void;
}

const CONFIG_FIELD = (field: string) => `#wix-integration-root [data-field="${field}"]`;
const LIVE_TIMEOUT_MS = 15_000;

async function insertDocument(page: Page, doctype: string, doc: Record<string, unknown>) {
  const result = await page.evaluate(
    async ({ doctype, doc }) => {
      const response = await fetch(`/api/resource/${encodeURIComponent(doctype)}`, {
        method: "POST",
        headers: {
          "Content-Type": "application/json",
          Accept: "application/json",
          "X-Frappe-CSRF-Token": (window as unknown as { frappe: { csrf_token: string } }).frappe
            .csrf_token,
        },
        body: JSON.stringify(doc),
      });
      return { status: response.status, body: await response.text() };
    },
    { doctype, doc },
  );
  if (result.status !== 200) {
    throw new Error(`inserting ${doctype} failed with HTTP ${result.status}: ${result.body}`);
  }
}

async function figure(page: Page, name: string): Promise<number> {
  const text = await page.locator(`[data-figure="${name}"] [data-value]`).textContent();
  return Number(text?.trim());
}

async function chooseLinkOption(page: Page, inputSelector: string, value: string) {
  const input = page.locator(inputSelector);
  await input.fill(value);
  const listbox = await input.getAttribute("aria-controls");
  await page.locator(`[id="${listbox}"] [role="option"]`, { hasText: value }).first().click();
  expect(await page.locator(inputSelector).inputValue()).to.equal(value);
}

async function openTab(page: Page, name: "Health" | "Configuration") {
  await page.getByRole("radio", { name, exact: true }).click();
}

/** Registers the scenario's tests; `target` is read when the tests run. */
export function definePageScenario(target: () => PageTarget, browser: () => Browser) {
  let context: BrowserContext;
  let page: Page;
  const suffix = Date.now().toString(36).toUpperCase();
  const itemCode = `WIX-UI-${suffix}`;
  const itemGroup = `Wix UI Test ${suffix}`;
  const apiKey = `desk-ui-test-key-${suffix}`;
  const worker = (): WorkerAuth => ({ baseUrl: target().baseUrl, token: target().workerToken });

  before(async function () {
    this.timeout(60_000);
    context = await browser().newContext({
      baseURL: target().baseUrl,
      viewport: { width: 1280, height: 900 },
    });
    page = await context.newPage();
    const login = await page.request.post("/api/method/login", { form: target().user });
    expect(login.status(), `login as ${target().user.usr}`).to.equal(200);
    await page.goto("/app/wix-integration");
    await page.waitForSelector("[data-health]", { timeout: 30_000 });
    await page.waitForSelector('[data-realtime="live"]', { timeout: LIVE_TIMEOUT_MS });
  });

  after(async () => {
    await context?.close();
  });

  it("keeps its styles inside the page root", async () => {
    const outside = await page.evaluate(() => {
      const probe = document.createElement("button");
      probe.textContent = "probe";
      document.body.appendChild(probe);
      const style = getComputedStyle(probe);
      const result = { borderStyle: style.borderTopStyle, borderWidth: style.borderTopWidth };
      probe.remove();
      return {
        ...result,
        htmlVariable: getComputedStyle(document.documentElement).getPropertyValue("--ink-gray-8"),
        rootVariable: getComputedStyle(document.getElementById("wix-integration-root")!)
          .getPropertyValue("--ink-gray-8")
          .trim(),
      };
    });
    expect(outside.borderStyle, "preflight reset a desk button's border").to.not.equal("solid");
    expect(outside.htmlVariable.trim(), "frappe-ui colour variables reached <html>").to.equal("");
    expect(outside.rootVariable, "frappe-ui colour variables inside the page root").to.not.equal(
      "",
    );
  });

  it("shows save_settings errors inline", async () => {
    await openTab(page, "Configuration");
    await page.locator("#wix-setting-site_id").fill("not-a-uuid");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    const error = page.locator(`${CONFIG_FIELD("site_id")} [data-error]`);
    await error.waitFor({ timeout: 10_000 });
    expect(await error.textContent()).to.include("not-a-uuid");
    expect(await page.locator("[data-save-errors]").isVisible()).to.equal(true);
  });

  it("saves settings without showing the API key back", async () => {
    await page.locator("#wix-setting-site_id").fill("1a2b3c4d-0000-4000-8000-000000000000");
    await page.locator("#wix-setting-public_base_url").fill("https://shop.example.com");
    await page
      .locator(`${CONFIG_FIELD("api_key")} button`)
      .first()
      .click();
    await page.locator("input#wix-setting-api_key").fill(apiKey);
    await page.locator("#wix-setting-enabled").check();
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await page.waitForSelector("[data-saved]", { timeout: 10_000 });

    expect(await page.locator(`${CONFIG_FIELD("site_id")} [data-error]`).count()).to.equal(0);
    expect(await page.locator("[data-api-key-state]").textContent()).to.include("••••");
    expect(await page.content(), "the page shows the API key").to.not.include(apiKey);
    const settings = await page.request.get("/api/method/wix_integration.api.admin.get_settings");
    const body = await settings.text();
    expect(body, "get_settings returns the API key").to.not.include(apiKey);
    const message = (JSON.parse(body) as { message: Record<string, unknown> }).message;
    expect(message.api_key_set).to.equal(true);
    expect(message.site_id).to.equal("1a2b3c4d-0000-4000-8000-000000000000");
    expect(Boolean(message.enabled)).to.equal(true);
  });

  it("lists every Test Connection check", async function () {
    this.timeout(60_000);
    await page.getByRole("button", { name: "Test Connection", exact: true }).click();
    await page.waitForSelector("[data-check]", { timeout: 45_000 });
    const checks = await page.locator("[data-check]").evaluateAll((items) =>
      items.map((item) => ({
        name: item.getAttribute("data-check"),
        ok: item.getAttribute("data-ok") === "true",
        text: item.textContent?.trim() ?? "",
      })),
    );
    const names = checks.map((check) => check.name);
    for (const name of ["broker", "worker", "config", "wix_auth", "catalog_version"]) {
      expect(names, `check ${name}`).to.include(name);
    }
    for (const check of checks.filter((check) => !check.ok)) {
      expect(check.text.length, `failure text of ${check.name}`).to.be.greaterThan(
        (check.name ?? "").length + 12,
      );
    }
  });

  it("shows a sync result live, without a reload", async function () {
    this.timeout(60_000);
    await insertDocument(page, "Item Group", {
      item_group_name: itemGroup,
      parent_item_group: "All Item Groups",
      is_group: 0,
    });
    await insertDocument(page, "Item", {
      item_code: itemCode,
      item_name: `Desk UI test ${suffix}`,
      item_group: itemGroup,
      stock_uom: "Nos",
      is_sales_item: 1,
    });
    await sendHeartbeat(worker());
    await openTab(page, "Health");
    // A heartbeat sends no realtime event; the page polls, or the user refreshes.
    await page.getByRole("button", { name: "Refresh", exact: true }).click();
    await page.waitForSelector('[data-figure="worker"] >> text=Running', {
      timeout: LIVE_TIMEOUT_MS,
    });
    const syncedBefore = await figure(page, "synced");

    await chooseLinkOption(page, "#wix-manual-item", itemCode);
    const triggered = page.waitForResponse((response) => response.url().includes(".trigger_sync"));
    await page.getByRole("button", { name: "Sync", exact: true }).click();
    const trigger = (await (await triggered).json()) as {
      message: { event_id: string; log: string };
    };
    await page.waitForSelector(`[data-manual-result][data-status]`);
    await page.evaluate(() => ((window as unknown as { wixNoReload: boolean }).wixNoReload = true));

    const reported = await reportSuccess(worker(), trigger.message.event_id, itemCode);
    expect(reported.log).to.equal(trigger.message.log);
    await page.waitForSelector(`[data-manual-result][data-status="${reported.status}"]`, {
      timeout: LIVE_TIMEOUT_MS,
    });
    await page.waitForSelector(
      `[data-timeline] [data-log="${reported.log}"][data-status="${reported.status}"]`,
      { timeout: LIVE_TIMEOUT_MS },
    );
    if (reported.status === "Success") {
      await page.waitForFunction(
        (expected) =>
          Number(document.querySelector('[data-figure="synced"] [data-value]')?.textContent) ===
          expected,
        syncedBefore + 1,
        { timeout: LIVE_TIMEOUT_MS },
      );
    }
    const noReload = await page.evaluate(
      () => (window as unknown as { wixNoReload?: boolean }).wixNoReload,
    );
    expect(noReload, "the page reloaded").to.equal(true);
  });

  it("retries a failed sync from the list", async function () {
    this.timeout(60_000);
    const triggered = page.waitForResponse((response) => response.url().includes(".trigger_sync"));
    await page.getByRole("button", { name: "Sync", exact: true }).click();
    const trigger = (await (await triggered).json()) as { message: { event_id: string } };
    const reason = `Wix rejected the name of ${itemCode}: longer than 80 characters.`;
    const reported = await reportFailure(worker(), trigger.message.event_id, itemCode, reason);
    const row = page.locator(`[data-failed-log="${reported.log}"]`);
    await row.waitFor({ timeout: LIVE_TIMEOUT_MS });
    expect(await row.textContent()).to.include(reason);

    await row.getByRole("button", { name: "Retry", exact: true }).click();
    await row.waitFor({ state: "detached", timeout: LIVE_TIMEOUT_MS });
    // The list's empty state is a role=status too, when the retried row was the only failure.
    const status = page.locator("[data-failed-syncs] [role=status]", { hasText: "queued again" });
    expect(await status.textContent()).to.include("1 queued again");
  });

  it("shows bulk sync progress live", async function () {
    this.timeout(60_000);
    await chooseLinkOption(page, "#wix-bulk-group", itemGroup);
    await page.getByRole("button", { name: "Start", exact: true }).click();
    await page.waitForSelector("[data-bulk-done] >> text=1 of 1 items", { timeout: 30_000 });
  });

  it("reconnects silently after the socket drops", async function () {
    const drop = target().dropRealtimeClients;
    if (!drop) {
      skipBecause(
        this,
        "this target cannot drop its realtime clients (a bench's socketio server is shared); the Frappe stand-in run covers it",
      );
    }
    this.timeout(60_000);
    const sawReconnecting = page.waitForSelector('[data-realtime="reconnecting"]', {
      state: "attached",
      timeout: LIVE_TIMEOUT_MS,
    });
    drop();
    await sawReconnecting;
    await page.waitForSelector('[data-realtime="live"]', { timeout: LIVE_TIMEOUT_MS });

    const triggered = page.waitForResponse((response) => response.url().includes(".trigger_sync"));
    await page.getByRole("button", { name: "Sync", exact: true }).click();
    const trigger = (await (await triggered).json()) as { message: { event_id: string } };
    const reported = await reportSuccess(worker(), trigger.message.event_id, itemCode);
    await page.waitForSelector(
      `[data-timeline] [data-log="${reported.log}"][data-status="${reported.status}"]`,
      { timeout: LIVE_TIMEOUT_MS },
    );
    expect(await page.locator('[role="alert"]').count(), "an alert after reconnecting").to.equal(0);
  });

  it("reads at 1280 and 390 px wide", async function () {
    this.timeout(60_000);
    const saved: string[] = [];
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: width > 600 ? 900 : 844 });
      for (const tab of ["Health", "Configuration"] as const) {
        await openTab(page, tab);
        await page.waitForTimeout(300);
        const overflow = await page.evaluate(
          () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
        );
        expect(overflow, `${tab} at ${width} px scrolls sideways`).to.be.at.most(0);
        const file = screenshotPath(`desk-${target().name}-${tab.toLowerCase()}-${width}`);
        await page.screenshot({ path: file, fullPage: true });
        saved.push(file);
      }
    }
    console.log(`      screenshots:\n${saved.map((file) => `        ${file}`).join("\n")}`);
  });
}
