export type WeightUnit = "KG" | "LB";

// Kilograms per unit, keyed by the lower-cased ERPNext UOM names and common abbreviations.
const KILOGRAMS_PER_UNIT: Record<string, number> = {
  kg: 1,
  kgs: 1,
  kilogram: 1,
  kilograms: 1,
  g: 0.001,
  gm: 0.001,
  gram: 0.001,
  grams: 0.001,
  mg: 0.000001,
  milligram: 0.000001,
  lb: 0.45359237,
  lbs: 0.45359237,
  pound: 0.45359237,
  pounds: 0.45359237,
  oz: 0.028349523125,
  ounce: 0.028349523125,
  ounces: 0.028349523125,
  t: 1000,
  tonne: 1000,
  "metric ton": 1000,
};

export const KNOWN_WEIGHT_UOMS = Object.keys(KILOGRAMS_PER_UNIT);

/**
 * Converts a weight to the site's unit, rounded to 3 decimals. Returns null for a UOM it does not
 * know, so the caller reports it instead of guessing.
 */
export function convertWeight(value: number, uom: string, target: WeightUnit): number | null {
  const perUnit = KILOGRAMS_PER_UNIT[uom.trim().toLowerCase()];
  if (perUnit === undefined) return null;
  const kilograms = value * perUnit;
  const converted = target === "KG" ? kilograms : kilograms / KILOGRAMS_PER_UNIT.lb!;
  return Math.round(converted * 1000) / 1000;
}
