import { computed, ref } from "vue";
import {
  formFromSettings,
  settingsPayload,
  validateSettingsForm,
  type SettingsForm,
} from "../lib/settingsForm.js";
import { __ } from "../lib/translate.js";
import { callMethod } from "./api.js";
import { SETTINGS_FIELDS } from "./settingsFields.js";
import type { FieldError, SaveSettingsResult, Settings, TestConnectionResult } from "./types.js";

const ADMIN = "wix_integration.api.admin";

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Wix Settings as the Configuration tab edits them: load, validate, save, test the connection. */
export function useSettings() {
  const saved = ref<SettingsForm>({});
  const form = ref<SettingsForm>({});
  const apiKeySet = ref(false);
  const apiKeyReplacement = ref("");
  const replacingApiKey = ref(false);
  const loading = ref(false);
  const loadError = ref<string | null>(null);
  const saving = ref(false);
  const saveError = ref<string | null>(null);
  const fieldErrors = ref<Record<string, string>>({});
  /** Errors the server returned for fields this page does not show. */
  const otherErrors = ref<FieldError[]>([]);
  const savedAt = ref<Date | null>(null);

  const payload = computed(() =>
    settingsPayload(SETTINGS_FIELDS, form.value, saved.value, apiKeyReplacement.value),
  );
  const dirty = computed(() => Object.keys(payload.value).length > 0);

  function applySettings(settings: Settings) {
    saved.value = formFromSettings(SETTINGS_FIELDS, settings);
    form.value = { ...saved.value };
    apiKeySet.value = Boolean(settings.api_key_set);
  }

  async function load() {
    loading.value = true;
    loadError.value = null;
    try {
      applySettings(await callMethod<Settings>(`${ADMIN}.get_settings`, { http: "GET" }));
    } catch (error) {
      loadError.value = messageOf(error);
    } finally {
      loading.value = false;
    }
  }

  function cancelApiKeyReplacement() {
    replacingApiKey.value = false;
    apiKeyReplacement.value = "";
    delete fieldErrors.value.api_key;
  }

  function showErrors(errors: FieldError[]) {
    const shown = new Set(SETTINGS_FIELDS.map((field) => field.fieldname));
    fieldErrors.value = Object.fromEntries(
      errors.filter((error) => shown.has(error.field)).map((error) => [error.field, error.message]),
    );
    otherErrors.value = errors.filter((error) => !shown.has(error.field));
  }

  /** Saves the changed fields; returns true when the server accepted them. */
  async function save(): Promise<boolean> {
    saveError.value = null;
    otherErrors.value = [];
    fieldErrors.value = validateSettingsForm(SETTINGS_FIELDS, form.value);
    if (replacingApiKey.value && !apiKeyReplacement.value.trim()) {
      fieldErrors.value.api_key = __("Enter the new API key, or cancel the replacement.");
    }
    if (Object.keys(fieldErrors.value).length > 0) return false;
    saving.value = true;
    try {
      const result = await callMethod<SaveSettingsResult>(`${ADMIN}.save_settings`, {
        args: { settings: payload.value },
      });
      if (!result.ok) {
        showErrors(result.errors);
        return false;
      }
      cancelApiKeyReplacement();
      savedAt.value = new Date();
      await load();
      return true;
    } catch (error) {
      saveError.value = messageOf(error);
      return false;
    } finally {
      saving.value = false;
    }
  }

  function discard() {
    form.value = { ...saved.value };
    cancelApiKeyReplacement();
    fieldErrors.value = {};
    otherErrors.value = [];
  }

  return {
    form,
    apiKeySet,
    apiKeyReplacement,
    replacingApiKey,
    loading,
    loadError,
    saving,
    saveError,
    fieldErrors,
    otherErrors,
    savedAt,
    dirty,
    load,
    save,
    discard,
    cancelApiKeyReplacement,
  };
}

/** Test Connection: asks the worker, through Frappe, to check the broker, credentials and catalog. */
export function useTestConnection() {
  const result = ref<TestConnectionResult | null>(null);
  const running = ref(false);
  const error = ref<string | null>(null);

  async function run() {
    running.value = true;
    error.value = null;
    try {
      result.value = await callMethod<TestConnectionResult>(`${ADMIN}.test_connection`);
    } catch (caught) {
      result.value = null;
      error.value = messageOf(caught);
    } finally {
      running.value = false;
    }
  }

  return { result, running, error, run };
}
