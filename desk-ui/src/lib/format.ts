import { __ } from "./translate.js";

let siteTimeZone: string | null = null;

/** Sets the time zone that Frappe datetimes without an offset are read in (`time_zone.system`). */
export function setSiteTimeZone(timeZone: string | null) {
  siteTimeZone = timeZone;
}

/** Returns how far `timeZone`'s wall clock is ahead of UTC at `instant`, in milliseconds. */
function zoneOffsetMs(instant: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(new Date(instant));
  const field = (type: string) => Number(parts.find((part) => part.type === type)?.value);
  const wallClock = Date.UTC(
    field("year"),
    field("month") - 1,
    field("day"),
    field("hour"),
    field("minute"),
    field("second"),
  );
  return wallClock - Math.floor(instant / 1000) * 1000;
}

/**
 * Parses an ISO timestamp, or a Frappe datetime (`YYYY-MM-DD HH:mm:ss[.ffffff]`, no offset) as
 * wall-clock time in `timeZone`: the site's zone when set, else the browser's.
 */
export function parseTimestamp(value: string, timeZone: string | null = siteTimeZone): Date | null {
  const frappe = value.match(/^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?$/);
  if (!frappe) {
    const parsed = new Date(value);
    return Number.isNaN(parsed.getTime()) ? null : parsed;
  }
  const [year, month, day, hour, minute, second] = frappe.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const milliseconds = Math.floor(Number((frappe[7] ?? "0").padEnd(6, "0")) / 1000);
  const fields = [year, month - 1, day, hour, minute, second, milliseconds] as const;
  if (!timeZone) return new Date(...fields);
  const asUtc = Date.UTC(...fields);
  try {
    // Two passes, so a wall-clock time just after a daylight-saving change gets that day's offset.
    const first = asUtc - zoneOffsetMs(asUtc, timeZone);
    return new Date(asUtc - zoneOffsetMs(first, timeZone));
  } catch {
    // An unknown zone name makes Intl throw; fall back to the browser's zone.
    return new Date(...fields);
  }
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
