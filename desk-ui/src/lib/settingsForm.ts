import type { SettingsField } from "../data/settingsFields.js";
import type { SettingValue, Settings } from "../data/types.js";
import { __ } from "./translate.js";

export type SettingsForm = Record<string, SettingValue>;

/**
 * Integer limits that Wix Settings validates on save. The first three are the worker-config
 * contract's (request_timeout_ms 1 000–300 000 is 1–300 s), so the page rejects what the worker would.
 */
export const INT_LIMITS: Record<string, { min: number; max?: number }> = {
  retry_attempts: { min: 0, max: 20 },
  request_timeout_seconds: { min: 1, max: 300 },
  rate_limit_per_minute: { min: 1, max: 10_000 },
  log_retention_days: { min: 1, max: 3650 },
};

function normalise(field: SettingsField, value: SettingValue | undefined): SettingValue {
  if (field.fieldtype === "Check") return value ? 1 : 0;
  if (value === undefined) return null;
  return value;
}

/** Copies the editable values of `settings` into a form, with Check fields as 0 or 1. */
export function formFromSettings(fields: SettingsField[], settings: Settings): SettingsForm {
  const form: SettingsForm = {};
  for (const field of fields) {
    if (field.fieldtype === "Password") continue;
    form[field.fieldname] = normalise(field, settings[field.fieldname]);
  }
  return form;
}

function sameValue(a: SettingValue, b: SettingValue): boolean {
  const empty = (value: SettingValue) => value === null || value === "";
  if (empty(a) && empty(b)) return true;
  return String(a) === String(b);
}

/**
 * Returns the `settings` body for save_settings: only the editable fields that changed, plus
 * `api_key` when a replacement was typed. Leaving `api_key` out keeps the stored key.
 */
export function settingsPayload(
  fields: SettingsField[],
  form: SettingsForm,
  saved: SettingsForm,
  apiKeyReplacement: string,
): Record<string, SettingValue> {
  const payload: Record<string, SettingValue> = {};
  for (const field of fields) {
    if (field.readOnly || field.fieldtype === "Password") continue;
    const value = form[field.fieldname] ?? null;
    if (!sameValue(value, saved[field.fieldname] ?? null)) {
      payload[field.fieldname] =
        field.fieldtype === "Int" && value !== "" && value !== null ? Number(value) : value;
    }
  }
  const replacement = apiKeyReplacement.trim();
  if (replacement) payload.api_key = replacement;
  return payload;
}

/** Checks what the browser can check before saving; the server validates the rest. */
export function validateSettingsForm(
  fields: SettingsField[],
  form: SettingsForm,
): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const field of fields) {
    if (field.fieldtype !== "Int" || field.readOnly) continue;
    const raw = form[field.fieldname];
    if (raw === null || raw === "") {
      errors[field.fieldname] = __("{0} is required.", [__(field.label)]);
      continue;
    }
    const value = Number(raw);
    const limits = INT_LIMITS[field.fieldname];
    if (!Number.isInteger(value)) {
      errors[field.fieldname] = __("{0} must be a whole number, not {1}.", [
        __(field.label),
        String(raw),
      ]);
    } else if (limits && (value < limits.min || (limits.max !== undefined && value > limits.max))) {
      errors[field.fieldname] =
        limits.max === undefined
          ? __("{0} must be at least {1}.", [__(field.label), limits.min])
          : __("{0} must be between {1} and {2}.", [__(field.label), limits.min, limits.max]);
    }
  }
  return errors;
}
