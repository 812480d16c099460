const formatters = new Map<string, Intl.NumberFormat>();

/** Format an amount the way Wix's `formatted` fields show it, for example "$10.50". */
export function formatMoney(amount: number, currency: string): string {
  let formatter = formatters.get(currency);
  if (!formatter) {
    try {
      formatter = new Intl.NumberFormat("en-US", { style: "currency", currency });
    } catch {
      // An unknown ISO code still gets a readable amount.
      return `${amount.toFixed(2)} ${currency}`;
    }
    formatters.set(currency, formatter);
  }
  return formatter.format(amount);
}

/** Round to cents without drifting on binary fractions such as 9.95 - 1. */
export function roundMoney(amount: number): number {
  return Math.round((amount + Number.EPSILON) * 100) / 100;
}

export function nowIso(): string {
  return new Date().toISOString();
}
