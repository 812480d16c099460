// The wix_integration.api.admin methods, with the shapes and validation the Frappe app has.
import { randomUUID } from "node:crypto";
import { jsonArg, validationError } from "./http.js";
import { StubState, type Value } from "./state.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const INTEGER_LIMITS: [string, number, number][] = [
  ["retry_attempts", 0, 20],
  ["request_timeout_seconds", 1, 300],
  ["rate_limit_per_minute", 1, 10000],
  ["log_retention_days", 1, 3650],
];
const READ_ONLY = new Set(["webhook_url", "catalog_version"]);

export interface Publisher {
  /** frappe.publish_realtime to every Wix Manager. */
  toManagers(event: string, message: unknown): void;
}

function isHttpsUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "https:" && Boolean(url.hostname);
  } catch {
    return false;
  }
}

function isWixBaseUrl(value: string): boolean {
  try {
    const url = new URL(value);
    const local =
      url.protocol === "http:" && ["127.0.0.1", "localhost", "[::1]"].includes(url.hostname);
    return isHttpsUrl(value) || local;
  } catch {
    return false;
  }
}

/** Wix Settings.validation_errors: every invalid field at once, as (field, message). */
export function settingsErrors(state: StubState, next: Record<string, Value>, apiKeySet: boolean) {
  const errors: { field: string; message: string }[] = [];
  const text = (field: string) => String(next[field] ?? "").trim();
  if (text("site_id") && !UUID.test(text("site_id"))) {
    errors.push({
      field: "site_id",
      message: `Wix Site ID ${text("site_id")} is not a UUID. Copy it from the Wix dashboard URL, e.g. 1a2b3c4d-0000-4000-8000-000000000000.`,
    });
  }

  if (text("account_id") && !UUID.test(text("account_id"))) {
    errors.push({
      field: "account_id",
      message: `Wix Account ID ${text("account_id")} is not a UUID.`,
    });
  }

  if (next.enabled && !text("site_id")) {
    errors.push({ field: "site_id", message: "Set the Wix Site ID before enabling Wix sync." });
  }

  if (next.enabled && !apiKeySet) {
    errors.push({ field: "api_key", message: "Set the Wix API Key before enabling Wix sync." });
  }

  if (text("public_base_url") && !isHttpsUrl(text("public_base_url"))) {
    errors.push({
      field: "public_base_url",
      message: `Public Base URL ${text("public_base_url")} must be an https URL such as https://shop.example.com, because Wix downloads images only over https.`,
    });
  }

  if (!isWixBaseUrl(text("wix_base_url"))) {
    errors.push({
      field: "wix_base_url",
      message: `Wix API Base URL ${text("wix_base_url")} must be an https URL, or http on 127.0.0.1 for a sandbox.`,
    });
  }

  for (const [field, min, max] of INTEGER_LIMITS) {
    const value = Number(next[field]);
    if (next[field] === null || !Number.isInteger(value) || value < min || value > max) {
      errors.push({
        field,
        message: `${field} must be between ${min} and ${max}, not ${next[field]}.`,
      });
    }
  }

  if (text("price_list") && !state.priceLists.includes(text("price_list"))) {
    errors.push({
      field: "price_list",
      message: `Price List ${text("price_list")} does not exist.`,
    });
  }

  if (text("item_group") && !state.itemGroups.includes(text("item_group"))) {
    errors.push({
      field: "item_group",
      message: `Item Group ${text("item_group")} does not exist.`,
    });
  }

  return errors;
}

export function adminMethods(state: StubState, publish: Publisher) {
  return {
    health: () => state.health(),

    get_settings: () => ({ ...state.settings, api_key_set: Boolean(state.apiKey) }),

    save_settings: (args: Record<string, unknown>) => {
      const changes = jsonArg<Record<string, Value>>(args.settings, "settings") ?? {};
      const { api_key: apiKey, ...rest } = changes;
      const next = { ...state.settings };
      for (const [field, value] of Object.entries(rest)) {
        if (!(field in state.settings) || READ_ONLY.has(field)) continue;
        next[field] = value;
      }
      const newKey = typeof apiKey === "string" && apiKey.trim() ? apiKey.trim() : null;
      const errors = settingsErrors(state, next, Boolean(newKey ?? state.apiKey));
      if (errors.length) return { ok: false, errors };
      state.settings = next;
      if (newKey) state.apiKey = newKey;
      return { ok: true };
    },

    trigger_sync: (args: Record<string, unknown>) => {
      const itemCode = String(args.item_code ?? "").trim();
      if (!state.items.has(itemCode)) throw validationError(`Item ${itemCode} not found`);
      if (!state.settings.enabled) {
        throw validationError("Wix sync is disabled. Enable it in Wix Settings first.");
      }
      const log = state.addLog({ item: itemCode, trigger: "manual", status: "Queued" });
      return { event_id: log.event_id, log: log.name, status: log.status };
    },

    bulk_sync: (args: Record<string, unknown>) => {
      const filters = jsonArg<{ item_group?: string }>(args.filters, "filters") ?? {};
      if (!state.settings.enabled) {
        throw validationError("Wix sync is disabled. Enable it in Wix Settings first.");
      }
      const codes = [...state.items.entries()]
        .filter(([, item]) => !filters.item_group || item.item_group === filters.item_group)
        .map(([code]) => code);
      const jobId = randomUUID();
      // The app's background job publishes a batch at a time and reports progress after each,
      // then announces the health change once. Here a batch is two items, 150 ms apart.
      const batches = Array.from({ length: Math.ceil(codes.length / 2) }, (_, index) =>
        codes.slice(index * 2, index * 2 + 2),
      );
      let done = 0;
      batches.forEach((batch, index) => {
        setTimeout(
          () => {
            batch.forEach((code) =>
              state.addLog({ item: code, trigger: "bulk", status: "Queued" }),
            );
            done += batch.length;
            publish.toManagers("wix_bulk_progress", {
              job_id: jobId,
              done,
              total: codes.length,
              failed: 0,
            });
            if (index === batches.length - 1) publish.toManagers("wix_health_changed", {});
          },
          (index + 1) * 150,
        );
      });
      return { job_id: jobId, total: codes.length };
    },

    retry: (args: Record<string, unknown>) => {
      const names = jsonArg<string[]>(args.log_names, "log_names") ?? [];
      const skipped: { log: string; reason: string }[] = [];
      let retried = 0;
      for (const name of names) {
        const log = state.logs.find((row) => row.name === name);
        if (!log) skipped.push({ log: name, reason: "not found" });
        else if (log.status !== "Failed")
          skipped.push({ log: name, reason: `status is ${log.status}` });
        else if (log.retried_as)
          skipped.push({ log: name, reason: `Already retried as ${log.retried_as}.` });
        else {
          log.retried_as = state.addLog({
            item: log.item,
            trigger: "retry",
            retry_of: log.name,
          }).name;
          retried += 1;
        }
      }
      return { retried, skipped };
    },

    test_connection: () => {
      const health = state.health();
      const configured = Boolean(state.settings.site_id && state.apiKey);
      const checks = [
        {
          name: "broker",
          ok: true,
          message: "RabbitMQ at 127.0.0.1:5672 accepted the connection.",
        },
        {
          name: "worker",
          ok: health.worker.alive,
          message: health.worker.alive
            ? `Worker ${health.worker.worker_id} answered.`
            : "Worker not running: no reply within 10 s. Start the worker and test again.",
        },
        {
          name: "config",
          ok: configured,
          message: configured
            ? "Site ID and API key are set."
            : "Set the Wix Site ID and API key, then save.",
        },
        {
          name: "wix_auth",
          ok: false,
          message: health.worker.alive
            ? "Wix rejected the credentials: 401 Unauthorized."
            : "Not checked, because the worker did not answer.",
        },
        {
          name: "catalog_version",
          ok: false,
          message: "Not detected, because Wix authentication failed.",
        },
      ];
      return { ok: checks.every((check) => check.ok), catalog_version: null, checks };
    },
  };
}

export function searchLink(state: StubState, args: Record<string, unknown>) {
  const doctype = String(args.doctype ?? "");
  const txt = String(args.txt ?? "").toLowerCase();
  const limit = Number(args.page_length ?? 10);
  if (doctype === "Item") {
    return [...state.items.entries()]
      .filter(([code, item]) => `${code} ${item.item_name}`.toLowerCase().includes(txt))
      .slice(0, limit)
      .map(([code, item]) => ({
        value: code,
        description: `${item.item_name}, ${item.item_group}`,
      }));
  }
  let names: string[] = [];
  if (doctype === "Item Group") names = state.itemGroups;
  if (doctype === "Price List") names = state.priceLists;
  return names
    .filter((name) => name.toLowerCase().includes(txt))
    .slice(0, limit)
    .map((name) => ({ value: name, description: "" }));
}
