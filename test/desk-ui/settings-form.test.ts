import { expect } from "chai";
import { readFileSync } from "node:fs";
import path from "node:path";
import {
  buildSettingsGroups,
  LAYOUT_TYPES,
  NOT_SHOWN,
  SETTINGS_FIELDS,
  SETTINGS_GROUPS,
} from "../../desk-ui/src/data/settingsFields.js";
import {
  formFromSettings,
  settingsPayload,
  validateSettingsForm,
} from "../../desk-ui/src/lib/settingsForm.js";
import { repoRoot } from "../support/contract.js";

const docType = JSON.parse(
  readFileSync(
    path.join(
      repoRoot,
      "frappe_app/wix_integration/wix_integration/doctype/wix_settings/wix_settings.json",
    ),
    "utf8",
  ),
) as { fields: { fieldname: string; fieldtype: string }[] };

describe("settings groups", () => {
  describe("when built from the Wix Settings DocType", () => {
    it("show every data field exactly once", () => {
      const dataFields = docType.fields
        .filter((field) => !LAYOUT_TYPES.has(field.fieldtype) && !NOT_SHOWN.has(field.fieldname))
        .map((field) => field.fieldname)
        .sort();
      const shownFieldnames = SETTINGS_FIELDS.map((field) => field.fieldname);
      expect([...shownFieldnames].sort()).to.deep.equal(dataFields);
      expect(new Set(shownFieldnames).size).to.equal(shownFieldnames.length);
    });

    it("are Connection, Sync options, Advanced and Webhook", () => {
      expect(SETTINGS_GROUPS.map((group) => group.title)).to.deep.equal([
        "Connection",
        "Sync options",
        "Advanced",
        "Webhook",
      ]);
    });

    it("split Select options into choices", () => {
      const logLevel = SETTINGS_FIELDS.find((field) => field.fieldname === "log_level");
      expect(logLevel?.options).to.deep.equal(["debug", "info", "warn", "error"]);
    });
  });

  describe("when the DocType lacks a field", () => {
    it("leaves it out", () => {
      const groups = buildSettingsGroups([{ fieldname: "enabled", fieldtype: "Check" }]);
      expect(groups.flatMap((group) => group.fields.map((field) => field.fieldname))).to.deep.equal(
        ["enabled"],
      );
    });
  });
});

describe("settingsPayload", () => {
  const saved = formFromSettings(SETTINGS_FIELDS, {
    enabled: 0,
    site_id: "1a2b3c4d-0000-4000-8000-000000000000",
    retry_attempts: 3,
    webhook_url: "https://erp.example.com/api/method/wix_integration.api.webhook.receive",
    api_key_set: true,
  });

  describe("when nothing changed", () => {
    it("is empty", () => {
      expect(settingsPayload(SETTINGS_FIELDS, { ...saved }, saved, "")).to.deep.equal({});
    });
  });

  describe("when fields changed", () => {
    it("contains only those fields", () => {
      const form = { ...saved, enabled: 1, retry_attempts: "5" };
      expect(settingsPayload(SETTINGS_FIELDS, form, saved, "")).to.deep.equal({
        enabled: 1,
        retry_attempts: 5,
      });
    });

    it("never sends read-only fields", () => {
      const form = {
        ...saved,
        webhook_url: "https://elsewhere.example.com",
        catalog_version: "V1",
      };
      expect(settingsPayload(SETTINGS_FIELDS, form, saved, "")).to.deep.equal({});
    });

    it("treats an emptied field and null alike", () => {
      const form = { ...saved, account_id: "" };
      expect(settingsPayload(SETTINGS_FIELDS, form, saved, "")).to.deep.equal({});
    });
  });

  describe("when an API key replacement is typed", () => {
    it("sends it trimmed", () => {
      expect(settingsPayload(SETTINGS_FIELDS, { ...saved }, saved, "  new-key ")).to.deep.equal({
        api_key: "new-key",
      });
    });

    it("keeps the stored key for blank input", () => {
      expect(settingsPayload(SETTINGS_FIELDS, { ...saved }, saved, "   ")).to.not.have.property(
        "api_key",
      );
    });
  });
});

describe("formFromSettings", () => {
  describe("when the server sends booleans or nothing", () => {
    it("stores Check fields as 0 or 1", () => {
      const form = formFromSettings(SETTINGS_FIELDS, { enabled: true, test_mode: false });
      expect(form.enabled).to.equal(1);
      expect(form.test_mode).to.equal(0);
      expect(form.auto_sync).to.equal(0);
    });

    it("never holds the API key", () => {
      const form = formFromSettings(SETTINGS_FIELDS, { api_key: "secret" } as never);
      expect(form).to.not.have.property("api_key");
    });
  });
});

describe("validateSettingsForm", () => {
  const valid = formFromSettings(SETTINGS_FIELDS, {
    retry_attempts: 3,
    request_timeout_seconds: 30,
    rate_limit_per_minute: 200,
    log_retention_days: 30,
  });

  describe("when every number is in range", () => {
    it("returns no errors", () => {
      expect(validateSettingsForm(SETTINGS_FIELDS, valid)).to.deep.equal({});
    });
  });

  describe("when numbers are wrong", () => {
    const cases: [string, string | null, string][] = [
      ["retry_attempts", "21", "between 0 and 20"],
      ["request_timeout_seconds", "0", "between 1 and 300"],
      ["rate_limit_per_minute", "2.5", "whole number"],
      ["log_retention_days", "", "required"],
      ["retry_attempts", null, "required"],
    ];
    for (const [field, value, expected] of cases) {
      it(`rejects ${field} = ${JSON.stringify(value)}`, () => {
        const errors = validateSettingsForm(SETTINGS_FIELDS, { ...valid, [field]: value });
        expect(Object.keys(errors)).to.deep.equal([field]);
        expect(errors[field]).to.include(expected);
      });
    }
  });
});
