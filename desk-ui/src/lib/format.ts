import { __ } from "./translate.js";

/**
 * Parses an ISO timestamp or a Frappe datetime (`YYYY-MM-DD HH:mm:ss[.ffffff]`, no offset).
 * NOTE: a Frappe datetime is in the site's time zone and is read here as browser-local time, so
 * relative times are off by the difference when the two zones differ.
 */
export function parseTimestamp(value: string): Date | null {
  const frappe = value.match(/^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?$/);
  if (frappe) {
    const [, year, month, day, hour, minute, second, fraction = "0"] = frappe;
    return new Date(
      Number(year),
      Number(month) - 1,
      Number(day),
      Number(hour),
      Number(minute),
      Number(second),
      Math.floor(Number(fraction.padEnd(6, "0")) / 1000),
    );
  }
  const parsed = new Date(value);
  return Number.isNaN(parsed.getTime()) ? null : parsed;
}

/** Formats a duration in seconds as "45 s", "3 min", "2 h" or "4 d". */
export function formatAge(seconds: number): string {
  const whole = Math.max(0, Math.round(seconds));
  if (whole < 60) return __("{0} s", [whole]);
  if (whole < 3600) return __("{0} min", [Math.floor(whole / 60)]);
  if (whole < 86400) return __("{0} h", [Math.floor(whole / 3600)]);
  return __("{0} d", [Math.floor(whole / 86400)]);
}

/** "just now", "5 min ago", … for a timestamp; the raw text when it cannot be parsed. */
export function formatRelative(value: string, now: Date = new Date()): string {
  const date = parseTimestamp(value);
  if (!date) return value;
  const seconds = (now.getTime() - date.getTime()) / 1000;
  if (seconds < 10) return __("just now");
  return __("{0} ago", [formatAge(seconds)]);
}

/**
 * Formats health()'s success rate, a fraction from 0 to 1, as a percentage, or a dash when there
 * were no finished syncs to rate.
 */
export function formatRate(rate: number | null): string {
  if (rate === null || !Number.isFinite(rate)) return "—";
  const percent = rate * 100;
  if (Number.isInteger(percent)) return `${percent} %`;
  // Round down, so that a rate with any failure never reads as 100 %.
  return `${(Math.floor(percent * 10) / 10).toFixed(1)} %`;
}

/** Log statuses of an event that the worker has not finished yet. */
export const PENDING_STATUSES: ReadonlySet<string> = new Set(["Queued", "Published", "Processing"]);

export type StatusTheme = "gray" | "blue" | "green" | "orange" | "red";

/** Badge colour of a Wix Integration Log status, matching the desk list view's indicators. */
export function statusTheme(status: string): StatusTheme {
  switch (status) {
    case "Success":
      return "green";
    case "Failed":
      return "red";
    case "Queued":
    case "Published":
    case "Processing":
      return "blue";
    case "Skipped":
    case "Superseded":
      return "orange";
    default:
      return "gray";
  }
}

/** Desk routes for an Item and a log row; names are URI-encoded as desk's router expects. */
export function itemRoute(itemCode: string): string {
  return `/app/item/${encodeURIComponent(itemCode)}`;
}

export function logRoute(logName: string): string {
  return `/app/wix-integration-log/${encodeURIComponent(logName)}`;
}
