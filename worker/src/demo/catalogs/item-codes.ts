import type { ConversionNote, SourceRef } from "./types.js";

/**
 * Hands out unique item codes for one catalog. ERPNext names an Item by its item_code, and MariaDB
 * compares names case- and accent-insensitively with trailing spaces ignored, so "Mug-1", "mug-1 " and
 * "MÜG-1" are the same Item. A second record with a taken code gets "-2", "-3"… so that neither record
 * silently overwrites the other, and the rename is reported as a note.
 */
export class ItemCodeRegistry {
  readonly #taken = new Map<string, SourceRef>();

  constructor(
    private readonly notes: ConversionNote[],
    private readonly maxLength = 40,
  ) {}

  claim(code: string, source: SourceRef): string {
    const first = this.#taken.get(comparisonKey(code));
    if (first === undefined) {
      this.#taken.set(comparisonKey(code), source);
      return code;
    }
    for (let n = 2; ; n++) {
      const suffix = `-${n}`;
      // Keep a code that fitted Wix's SKU limit within it after the suffix is added.
      const base =
        code.length <= this.maxLength ? code.slice(0, this.maxLength - suffix.length) : code;
      const candidate = `${base}${suffix}`;
      if (this.#taken.has(comparisonKey(candidate))) continue;
      this.#taken.set(comparisonKey(candidate), source);
      this.notes.push({
        source,
        message: `item code "${code}" is already used by row ${first.row}; this row becomes "${candidate}"`,
      });
      return candidate;
    }
  }
}

function comparisonKey(code: string): string {
  return code.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase().replace(/\s+$/u, "");
}
