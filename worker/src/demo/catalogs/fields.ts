import { createHash } from "node:crypto";

/** Wix's SKU limit; codes this converter derives itself are kept within it. */
export const MAX_DERIVED_CODE_LENGTH = 40;

/** Frappe's item_version format: UTC "YYYY-MM-DD HH:MM:SS.ffffff". */
export function frappeTimestamp(date: Date): string {
  return date.toISOString().replace("T", " ").replace("Z", "000");
}

/** Trims a cell and turns an empty one into null. */
export function text(value: string | undefined | null): string | null {
  if (value === undefined || value === null) return null;
  const trimmed = value.trim();
  return trimmed === "" ? null : trimmed;
}

/** Collapses line breaks and runs of spaces, because an Item name or group is one line of text. */
export function singleLine(value: string | undefined | null): string | null {
  const trimmed = text(value);
  return trimmed === null ? null : trimmed.replace(/\s+/gu, " ");
}

/** Parses a boolean cell as shops export it: true/false, yes/no, 1/0. Unknown text returns null. */
export function flag(value: string | undefined | null): boolean | null {
  const cell = text(value)?.toLowerCase();
  if (cell === undefined) return null;
  if (["true", "yes", "1", "y"].includes(cell)) return true;
  if (["false", "no", "0", "n"].includes(cell)) return false;
  return null;
}

export type DecimalParse = { ok: true; amount: string } | { ok: false; reason: string } | null;

/**
 * Parses a price cell into the contract's decimal string without going through a float.
 * Accepts "12", "12.50", ".5", "-3", "1,050,000.00" (comma thousands) and "12,50" (comma decimals).
 * Returns null for an empty cell and a reason for anything else.
 */
export function decimal(value: string | number | undefined | null): DecimalParse {
  if (typeof value === "number") {
    if (!Number.isFinite(value))
      return { ok: false, reason: `price ${value} is not a finite number` };
    // toFixed avoids exponent notation and float noise such as 0.30000000000000004.
    return decimal(value.toFixed(9));
  }
  const cell = text(value)?.replace(/^\+/, "");
  if (cell === undefined || cell === null) return null;
  let normalised: string;
  if (/^-?\d*\.\d+$|^-?\d+\.?$/.test(cell)) normalised = cell;
  else if (/^-?\d{1,3}(,\d{3})+(\.\d+)?$/.test(cell)) normalised = cell.replaceAll(",", "");
  else if (/^-?\d+,\d{1,2}$/.test(cell)) normalised = cell.replace(",", ".");
  else return { ok: false, reason: `price "${cell}" is not a decimal number` };

  const negative = normalised.startsWith("-");
  const [whole = "", fraction = ""] = normalised.replace(/^-/, "").split(".");
  const integerPart = whole.replace(/^0+(?=\d)/, "") || "0";
  const fractionPart = fraction.replace(/0+$/, "");
  if (integerPart.length > 15 || fractionPart.length > 9) {
    return { ok: false, reason: `price "${cell}" has more than 15 integer or 9 decimal digits` };
  }
  const amount = fractionPart ? `${integerPart}.${fractionPart}` : integerPart;
  return { ok: true, amount: negative && amount !== "0" ? `-${amount}` : amount };
}

/**
 * Parses a weight cell with the same number rules as prices. A zero weight is how shops leave the field
 * unset, so it returns null, as does text that is not a number.
 */
export function weightValue(value: string | number | undefined | null): number | null {
  const parsed = decimal(value);
  if (parsed === null || !parsed.ok) return null;
  const weight = Number(parsed.amount);
  return weight === 0 ? null : weight;
}

/** ERPNext UOM names for the weight units shops export. */
const WEIGHT_UOMS: Record<string, string> = {
  g: "Gram",
  gram: "Gram",
  grams: "Gram",
  kg: "Kg",
  kgs: "Kg",
  kilogram: "Kg",
  lb: "Pound",
  lbs: "Pound",
  pound: "Pound",
  oz: "Ounce",
  ounce: "Ounce",
};

/** Maps a unit such as "kg", "lbs" or "Gram" to its ERPNext UOM name, keeping unknown units as given. */
export function weightUom(unit: string): string {
  return WEIGHT_UOMS[unit.trim().toLowerCase()] ?? unit.trim();
}

/**
 * Cleans an SKU or handle into an item code. An item code is one line, so line breaks and tabs inside
 * the cell are removed; the returned note says so.
 */
export function cleanCode(value: string | undefined | null): {
  code: string | null;
  note?: string;
} {
  const trimmed = text(value);
  if (trimmed === null) return { code: null };
  const code = trimmed.replace(/[\r\n\t]+/g, "");
  if (code === trimmed) return { code };
  return {
    code,
    note: `item code ${JSON.stringify(trimmed)} contained line breaks; they were removed`,
  };
}

/**
 * Derives an item code from a handle or id when the record has no SKU. Long handles are cut to fit
 * Wix's 40-character SKU limit and keep uniqueness with a short hash of the whole handle.
 */
export function derivedCode(handle: string): string {
  const code = handle.trim().replace(/\s+/g, "-");
  if (code.length <= MAX_DERIVED_CODE_LENGTH) return code;
  const hash = createHash("sha256").update(code).digest("hex").slice(0, 8);
  return `${code.slice(0, MAX_DERIVED_CODE_LENGTH - 9)}-${hash}`;
}

/** Splits a list cell on a separator, trimming and dropping empty entries. */
export function list(value: string | undefined | null, separator: string | RegExp): string[] {
  const cell = text(value);
  if (cell === null) return [];
  return cell
    .split(separator)
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "");
}
