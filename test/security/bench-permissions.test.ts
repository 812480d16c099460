// Role checks of every whitelisted endpoint, over HTTP against the running bench, as three users: one
// with no Wix role, the integration user, and a Wix Manager. Skips with the reason when no bench with
// wix_integration installed responds at WIX_BENCH_URL.
import { expect } from "chai";

import { call, ensureUserWithKeys, resource, stopBenchServer, type Auth } from "./bench-client.js";
import { adminOrSkip } from "./bench-suite.js";

const API = "wix_integration.api";

/** Admin endpoints with a body that would pass validation, so only the role check can reject them. */
const ADMIN_ENDPOINTS: { method: "GET" | "POST"; path: string; body?: unknown }[] = [
  { method: "GET", path: `${API}.admin.health` },
  { method: "GET", path: `${API}.admin.get_settings` },
  { method: "POST", path: `${API}.admin.save_settings`, body: { settings: {} } },
  {
    method: "POST",
    path: `${API}.admin.trigger_sync`,
    body: { item_code: "WIX-SEC-NO-SUCH-ITEM" },
  },
  {
    method: "POST",
    path: `${API}.admin.bulk_sync`,
    body: { filters: { item_group: "WIX-SEC-NO-SUCH-GROUP" } },
  },
  { method: "POST", path: `${API}.admin.retry`, body: { log_names: [] } },
  { method: "POST", path: `${API}.admin.test_connection` },
];

const WORKER_ENDPOINTS: { method: "GET" | "POST"; path: string; body?: unknown }[] = [
  { method: "GET", path: `${API}.worker.get_config` },
  { method: "POST", path: `${API}.worker.report_result`, body: { result: {} } },
  { method: "POST", path: `${API}.worker.heartbeat`, body: { heartbeat: {} } },
];

/** DocTypes the integration user must not read directly; it acts on them only through the worker endpoints. */
const PROTECTED_DOCTYPES = [
  "Wix Settings",
  "Wix Integration Log",
  "Wix Item Mapping",
  "Item",
  "Sales Order",
  "User",
];

const REJECTED = [401, 403];

describe("bench permissions", function () {
  this.timeout(120_000);
  let admin: Auth;
  let plainUser: Auth;
  let integrationUser: Auth;
  let integrationEmail: string;
  let manager: Auth;

  before(async function () {
    admin = await adminOrSkip(this);
    plainUser = (await ensureUserWithKeys(admin, "wix-sec-plain", ["Sales User"])).auth;
    const integration = await ensureUserWithKeys(admin, "wix-sec-integration", [
      "Wix Integration User",
    ]);
    integrationUser = integration.auth;
    integrationEmail = integration.email;
    manager = (await ensureUserWithKeys(admin, "wix-sec-manager", ["Wix Manager"])).auth;
  });

  after(stopBenchServer);

  describe("when a user without a Wix role calls an admin endpoint", () => {
    for (const endpoint of ADMIN_ENDPOINTS) {
      it(`rejects ${endpoint.method} ${endpoint.path.slice(API.length + 1)}`, async () => {
        const response = await call(endpoint.method, endpoint.path, plainUser, endpoint.body);

        expect(REJECTED, response.text.slice(0, 300)).to.include(response.status);
      });
    }
  });

  describe("when a guest calls an admin or worker endpoint", () => {
    for (const endpoint of [...ADMIN_ENDPOINTS, ...WORKER_ENDPOINTS]) {
      it(`rejects ${endpoint.method} ${endpoint.path.slice(API.length + 1)}`, async () => {
        const response = await call(endpoint.method, endpoint.path, null, endpoint.body);

        expect(REJECTED, response.text.slice(0, 300)).to.include(response.status);
      });
    }
  });

  describe("when the integration user calls an admin endpoint", () => {
    for (const endpoint of ADMIN_ENDPOINTS) {
      it(`rejects ${endpoint.method} ${endpoint.path.slice(API.length + 1)}`, async () => {
        const response = await call(endpoint.method, endpoint.path, integrationUser, endpoint.body);

        expect(REJECTED, response.text.slice(0, 300)).to.include(response.status);
      });
    }
  });

  describe("when the integration user reads DocTypes directly", () => {
    for (const doctype of PROTECTED_DOCTYPES) {
      it(`reads no ${doctype} records`, async () => {
        const response = await resource(
          "GET",
          `${encodeURIComponent(doctype)}?fields=${encodeURIComponent('["*"]')}&limit_page_length=5`,
          integrationUser,
        );
        // Frappe rejects a list request with 403, or returns 200 with only what a role's owner-level
        // rights allow. Every user may read its own User record; nothing else may come back.
        const rows = (response.json as { data?: { name?: string }[] } | null)?.data ?? [];
        const othersRows = rows.filter(
          (row) => !(doctype === "User" && row.name === integrationEmail),
        );

        const nothingRead =
          REJECTED.includes(response.status) ||
          (response.status === 200 && othersRows.length === 0);

        expect(nothingRead, `${response.status} ${response.text.slice(0, 300)}`).to.equal(true);
      });
    }

    it("rejects reading the Wix API key", async () => {
      const response = await call("POST", "frappe.client.get_password", integrationUser, {
        doctype: "Wix Settings",
        name: "Wix Settings",
        fieldname: "api_key",
      });

      expect(REJECTED, response.text.slice(0, 300)).to.include(response.status);
    });
  });

  describe("when the integration user calls a worker endpoint", () => {
    it("returns the worker config", async () => {
      const response = await call("GET", `${API}.worker.get_config`, integrationUser);

      expect(response.status, response.text.slice(0, 300)).to.equal(200);
      expect(response.json?.message).to.have.property("schema_version", 1);
    });
  });

  describe("when a non-integration user calls a worker endpoint", () => {
    for (const endpoint of WORKER_ENDPOINTS) {
      it(`rejects plain user on ${endpoint.path.slice(API.length + 1)}`, async () => {
        const response = await call(endpoint.method, endpoint.path, plainUser, endpoint.body);

        expect(REJECTED, response.text.slice(0, 300)).to.include(response.status);
      });

      it(`rejects manager on ${endpoint.path.slice(API.length + 1)}`, async () => {
        const response = await call(endpoint.method, endpoint.path, manager, endpoint.body);

        expect(REJECTED, response.text.slice(0, 300)).to.include(response.status);
      });
    }
  });

  describe("when a Wix Manager calls an admin endpoint", () => {
    it("returns health", async () => {
      const response = await call("GET", `${API}.admin.health`, manager);

      expect(response.status, response.text.slice(0, 300)).to.equal(200);
      expect(response.json?.message).to.have.property("totals");
    });
  });
});
