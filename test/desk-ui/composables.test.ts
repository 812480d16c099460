// The data composables against the Frappe stand-in over real HTTP and socket.io. They run inside
// an app context and an effect scope, as in a component's setup, so no DOM is needed.
import { expect } from "chai";
import { randomBytes } from "node:crypto";
import { createApp, effectScope, type EffectScope } from "vue";
import { useHealth } from "../../desk-ui/src/data/health.js";
import { provideRealtime } from "../../desk-ui/src/data/realtime.js";
import { useSettings } from "../../desk-ui/src/data/settings.js";
import { useBulkSync, useManualSync } from "../../desk-ui/src/data/syncActions.js";
import { connectRealtime, type RealtimeConnection } from "../../desk-ui/src/realtime/connection.js";
import { SITE_NAME, startFrappeStub, type FrappeStub } from "../support/frappe-stub/index.js";
import { reportSuccess } from "./worker-calls.js";

const USER = "wix.manager@example.com";

async function until(condition: () => boolean, what: string, ms = 8000) {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > ms) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("desk data composables", function () {
  this.timeout(30_000);
  const password = randomBytes(8).toString("hex");
  const token = `${randomBytes(6).toString("hex")}:${randomBytes(6).toString("hex")}`;
  let stub: FrappeStub;
  let realtime: RealtimeConnection;
  let nodeFetch: typeof fetch;
  const scopes: EffectScope[] = [];

  /** Runs `use` as a component's setup would, with the app's realtime connection provided. */
  function withSetup<T>(use: () => T): T {
    const app = createApp({});
    provideRealtime(app, realtime);
    const scope = effectScope();
    scopes.push(scope);
    return app.runWithContext(() => scope.run(use)!);
  }

  before(async () => {
    stub = await startFrappeStub({
      users: [{ name: USER, password, roles: ["Wix Manager"] }],
      integrationToken: token,
    });
    nodeFetch = globalThis.fetch;
    const login = await nodeFetch(`${stub.url}/api/method/login`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ usr: USER, pwd: password }),
    });
    const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0]!;
    const page = await nodeFetch(`${stub.url}/app/wix-integration`, { headers: { cookie } });
    const csrfToken = (await page.text()).match(/"csrf_token":"([0-9a-f]+)"/)?.[1];
    if (!csrfToken) throw new Error("the stand-in's desk page carried no csrf_token");

    (globalThis as { frappe?: unknown }).frappe = {
      csrf_token: csrfToken,
      boot: { sitename: SITE_NAME },
    };
    // Node's fetch has no page URL and no cookie jar: resolve page-relative URLs, send the session.
    globalThis.fetch = (input, init = {}) =>
      nodeFetch(new URL(String(input), stub.url), {
        ...init,
        headers: { ...(init.headers as Record<string, string>), cookie },
      });
    realtime = connectRealtime(
      { origin: stub.url, sitename: SITE_NAME, socketioPort: stub.socketioPort, devServer: true },
      { extraHeaders: { cookie, origin: stub.url } },
    );
    await until(() => realtime.status.value === "live", "the realtime connection");
  });

  afterEach(() => {
    scopes.splice(0).forEach((scope) => scope.stop());
  });

  after(async () => {
    realtime?.close();
    globalThis.fetch = nodeFetch;
    delete (globalThis as { frappe?: unknown }).frappe;
    await stub?.close();
  });

  describe("useSettings", () => {
    describe("when the server rejects fields", () => {
      it("shows each error on its field", async () => {
        const settings = withSetup(useSettings);
        await settings.load();
        settings.form.value.site_id = "not-a-uuid";
        settings.form.value.enabled = 1;
        expect(await settings.save()).to.equal(false);
        expect(settings.fieldErrors.value.site_id).to.include("not-a-uuid is not a UUID");
        expect(settings.fieldErrors.value.api_key).to.include("API Key");
        expect(settings.dirty.value).to.equal(true);
      });
    });

    describe("when a replacement key is blank", () => {
      it("rejects it without a request", async () => {
        const settings = withSetup(useSettings);
        await settings.load();
        settings.replacingApiKey.value = true;
        settings.form.value.account_id = "1a2b3c4d-0000-4000-8000-000000000001";
        expect(await settings.save()).to.equal(false);
        expect(settings.fieldErrors.value.api_key).to.include("Enter the new API key");
        expect(stub.state.settings.account_id).to.equal(null);
      });
    });

    describe("when every field is valid", () => {
      it("saves and forgets the typed key", async () => {
        const settings = withSetup(useSettings);
        await settings.load();
        expect(settings.apiKeySet.value).to.equal(false);
        settings.form.value.site_id = "1a2b3c4d-0000-4000-8000-000000000000";
        settings.form.value.enabled = 1;
        settings.replacingApiKey.value = true;
        settings.apiKeyReplacement.value = "composable-test-key";
        expect(await settings.save()).to.equal(true);
        expect(stub.state.apiKey).to.equal("composable-test-key");
        expect(settings.apiKeySet.value).to.equal(true);
        expect(settings.apiKeyReplacement.value).to.equal("");
        expect(settings.replacingApiKey.value).to.equal(false);
        expect(settings.dirty.value).to.equal(false);
        expect(Object.values(settings.form.value)).to.not.include("composable-test-key");
      });
    });
  });

  describe("useManualSync and useHealth", () => {
    describe("when the worker reports a result", () => {
      it("updates both without a reload", async () => {
        stub.state.addItem("LAMP-01", "Desk lamp", "Products");
        const health = withSetup(useHealth);
        const manual = withSetup(useManualSync);
        await health.reload();
        const syncedBefore = health.health.value!.totals.synced;

        await manual.trigger("LAMP-01");
        expect(manual.error.value).to.equal(null);
        expect(manual.queued.value?.status).to.equal("Queued");
        await reportSuccess({ baseUrl: stub.url, token }, manual.queued.value!.event_id, "LAMP-01");

        await until(() => manual.outcome.value?.status === "Success", "the manual sync outcome");
        await until(
          () => health.health.value?.recent[0]?.name === manual.queued.value?.log,
          "the timeline row",
        );
        await until(
          () => health.health.value?.totals.synced === syncedBefore + 1,
          "the synced total",
        );
        expect(health.health.value?.last_sync?.item_code).to.equal("LAMP-01");
      });
    });

    describe("when the item does not exist", () => {
      it("returns the server's message", async () => {
        const manual = withSetup(useManualSync);
        await manual.trigger("NO-SUCH-ITEM");
        expect(manual.error.value).to.equal("Item NO-SUCH-ITEM not found");
        expect(manual.queued.value).to.equal(null);
      });
    });
  });

  describe("useBulkSync", () => {
    describe("when a group is synced", () => {
      it("follows progress to the end", async () => {
        const bulk = withSetup(useBulkSync);
        await bulk.start("Drinkware");
        expect(bulk.job.value?.total).to.equal(3);
        await until(() => bulk.progress.value?.finished === true, "the bulk sync to finish");
        expect(bulk.progress.value).to.deep.include({ done: 3, total: 3, percent: 100 });
      });
    });
  });
});
