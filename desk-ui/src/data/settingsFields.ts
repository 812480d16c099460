import wixSettings from "../../../frappe_app/wix_integration/wix_integration/doctype/wix_settings/wix_settings.json" with { type: "json" };

/** The Wix Settings DocType fields, as the desk form would render them. */
export interface SettingsField {
  fieldname: string;
  fieldtype: "Check" | "Data" | "Password" | "Select" | "Link" | "Int" | "Long Text" | string;
  label: string;
  description: string;
  /** Select choices, or the linked DocType for a Link field. */
  options: string[] | string | null;
  readOnly: boolean;
  default: string | null;
}

export interface SettingsGroup {
  id: "connection" | "sync" | "advanced" | "webhook";
  title: string;
  fields: SettingsField[];
}

/** Fieldnames that each group of the page shows, in order. */
export const GROUP_LAYOUT: { id: SettingsGroup["id"]; title: string; fieldnames: string[] }[] = [
  {
    id: "connection",
    title: "Connection",
    fieldnames: [
      "enabled",
      "test_mode",
      "site_id",
      "api_key",
      "account_id",
      "catalog_version",
      "public_base_url",
    ],
  },
  {
    id: "sync",
    title: "Sync options",
    fieldnames: [
      "auto_sync",
      "sync_name",
      "sync_description",
      "sync_price",
      "sync_images",
      "sync_brand",
      "sync_weight",
      "sync_barcode",
      "price_list",
      "weight_unit",
      "item_group",
      "sales_items_only",
      "skip_disabled_items",
      "on_disable",
      "on_delete",
    ],
  },
  {
    id: "advanced",
    title: "Advanced",
    fieldnames: [
      "retry_attempts",
      "request_timeout_seconds",
      "rate_limit_per_minute",
      "log_level",
      "log_retention_days",
      "wix_base_url",
    ],
  },
  { id: "webhook", title: "Webhook", fieldnames: ["webhook_url", "webhook_public_key"] },
];

/** The desk form's own Manual Sync controls, which the Health tab replaces. */
export const NOT_SHOWN = new Set(["manual_item_code", "trigger_sync", "test_connection"]);
/** Fieldtypes that lay out the desk form and carry no value. */
export const LAYOUT_TYPES = new Set([
  "Section Break",
  "Column Break",
  "Tab Break",
  "Button",
  "HTML",
]);

interface DocField {
  fieldname: string;
  fieldtype: string;
  label?: string;
  description?: string;
  options?: string;
  read_only?: number;
  default?: string;
}

function toSettingsField(docField: DocField): SettingsField {
  const options = docField.options ?? null;
  return {
    fieldname: docField.fieldname,
    fieldtype: docField.fieldtype,
    label: docField.label ?? docField.fieldname,
    description: docField.description ?? "",
    options:
      docField.fieldtype === "Select" && options ? options.split("\n").filter(Boolean) : options,
    readOnly: Boolean(docField.read_only),
    default: docField.default ?? null,
  };
}

/** Builds the page's groups from a Wix Settings DocType definition. */
export function buildSettingsGroups(docFields: DocField[]): SettingsGroup[] {
  const byName = new Map(docFields.map((field) => [field.fieldname, field]));
  return GROUP_LAYOUT.map((group) => ({
    id: group.id,
    title: group.title,
    fields: group.fieldnames.flatMap((fieldname) => {
      const docField = byName.get(fieldname);
      return docField ? [toSettingsField(docField)] : [];
    }),
  }));
}

export const SETTINGS_GROUPS = buildSettingsGroups(wixSettings.fields as DocField[]);
export const SETTINGS_FIELDS = SETTINGS_GROUPS.flatMap((group) => group.fields);
