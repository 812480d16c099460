import path from "node:path";

import type { SyncResult } from "../contract/index.js";
import type { CatalogConversion, CatalogFormat } from "./catalogs/index.js";
import { REPO_ROOT } from "./options.js";

/** Why the wait for results ended. */
export type WaitEnd = "complete" | "timeout" | "interrupted";

/** Everything one demo run observed: what was converted, published, reported and called. */
export interface CatalogRun {
  file: string;
  conversion: CatalogConversion;
  namespace: string;
  catalogVersion: "V1" | "V3";
  rateLimit: boolean;
  published: number;
  results: SyncResult[];
  /** Events that had no result when the wait ended. */
  missing: { eventId: string; itemCode: string }[];
  waitEnd: WaitEnd;
  /** Wix calls the sandbox received, keyed "METHOD /route status". */
  wixCalls: Map<string, number>;
  sandboxProducts: number;
  /** SKUs that more than one sandbox product carries; a correct run has none. */
  duplicateSkus: string[];
  resultsFile: string;
  /** Frappe site that also received the results, or null. */
  frappeUrl: string | null;
  durationMs: number;
}

/** Category of a result in the summary. */
export type Outcome =
  "created" | "adopted" | "updated" | "hidden" | "unchanged" | "skipped" | "failed" | "superseded";

export function outcomeOf(result: SyncResult): Outcome {
  if (result.status === "Failed") return "failed";
  if (result.status === "Skipped") return "skipped";
  if (result.status === "Superseded") return "superseded";
  switch (result.operation) {
    case "create":
      return "created";
    case "adopt":
      return "adopted";
    case "update":
      return "updated";
    case "hide":
    case "delete":
      return "hidden";
    default:
      return "unchanged";
  }
}

/** Returns a lookup of how many results have each outcome. */
function outcomeCounter(results: SyncResult[]): (outcome: Outcome) => number {
  const counts = new Map<Outcome, number>();
  for (const result of results) {
    const outcome = outcomeOf(result);
    counts.set(outcome, (counts.get(outcome) ?? 0) + 1);
  }
  return (outcome) => counts.get(outcome) ?? 0;
}

/** Items that Wix now shows as ERPNext has them: created, adopted, updated or hidden. */
function syncedCount(count: (outcome: Outcome) => number): number {
  return count("created") + count("adopted") + count("updated") + count("hidden");
}

const FORMAT_NAMES: Record<CatalogFormat, string> = {
  "wix-stores-csv": "Wix Stores catalog_products.csv",
  "shopify-csv": "Shopify products_export.csv",
  "shopify-api-json": "Shopify Admin API products JSON",
  "woocommerce-csv": "WooCommerce product CSV",
  "erpnext-csv": "ERPNext Item CSV",
  "erpnext-json": "ERPNext Item JSON",
};

const WAIT_END_REASONS: Record<WaitEnd, string> = {
  complete: "the worker stopped before delivering them",
  timeout: "the wait timed out; raise --timeout or see the worker's warnings on stderr",
  interrupted: "the demo was interrupted",
};

/** Maximum length of a printed example message; the results file has every message in full. */
const MAX_EXAMPLE_LENGTH = 240;

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Lines listing the largest groups first, each with its count. */
function groupLines(
  groups: Map<string, { count: number; example: string }>,
  limit: number,
): string[] {
  const sorted = [...groups.entries()].sort(
    (a, b) => b[1].count - a[1].count || a[0].localeCompare(b[0]),
  );
  const lines: string[] = [];
  for (const [key, group] of sorted.slice(0, limit)) {
    lines.push(`    ${String(group.count).padStart(6)}  ${key}`);
    if (group.example)
      lines.push(`            e.g. ${truncate(group.example, MAX_EXAMPLE_LENGTH)}`);
  }
  if (sorted.length > limit) {
    lines.push(`    … and ${sorted.length - limit} more reasons in the results file`);
  }
  return lines;
}

function addTo(
  groups: Map<string, { count: number; example: string }>,
  key: string,
  example: string,
): void {
  const group = groups.get(key);
  if (group) group.count++;
  else groups.set(key, { count: 1, example });
}

/** Groups failures by error code and field; the example is one item's full message. */
function failureGroups(results: SyncResult[], status: SyncResult["status"]) {
  const groups = new Map<string, { count: number; example: string }>();
  for (const result of results.filter((entry) => entry.status === status)) {
    const error = result.error;
    // The worker appends notes ("Left out image …") to the message, so its first sentence is the reason.
    const reason = result.message.split(/(?<=[.;])\s+(?=[A-Z])/)[0] ?? result.message;
    const key = error ? `${error.code}${error.field ? ` (${error.field})` : ""}` : reason;
    addTo(groups, key, `${result.item_code}: ${error?.message || result.message}`);
  }
  return groups;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

function displayPath(file: string): string {
  const relative = path.relative(REPO_ROOT, file);
  return relative.startsWith("..") ? file : relative;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

/** Formats the summary printed at the end of a run. */
export function formatSummary(run: CatalogRun): string {
  const { conversion } = run;
  const count = outcomeCounter(run.results);
  const synced = syncedCount(count);

  const lines = [
    `Wix sync demo: ${displayPath(run.file)}`,
    `  catalog     ${FORMAT_NAMES[conversion.format]}: ${plural(conversion.records, "record")} ` +
      `read, ${plural(conversion.items.length, "item")} converted, ` +
      `${plural(conversion.skipped.length, "record")} not converted, ` +
      `${plural(conversion.notes.length, "conversion note")}`,
    `  Wix site    sandbox, catalog ${run.catalogVersion}, rate limit ` +
      (run.rateLimit
        ? "on (200 requests a minute)"
        : "off (Wix allows 200 requests a minute; --rate-limit turns it on)"),
    `  published   ${run.published} item.upsert events on ${run.namespace}`,
    `  results     ${run.results.length} of ${run.published}` +
      (run.missing.length ? `, ${run.missing.length} MISSING` : ""),
    `    synced    ${synced} (created ${count("created")}, adopted ${count("adopted")}, updated ${count("updated")}, ` +
      `hidden ${count("hidden")})`,
    `    unchanged ${count("unchanged")}`,
    `    skipped   ${count("skipped")}`,
    `    failed    ${count("failed")}`,
  ];
  if (count("superseded")) lines.push(`    superseded ${count("superseded")}`);

  if (count("failed"))
    lines.push("  failed, by reason:", ...groupLines(failureGroups(run.results, "Failed"), 15));
  if (count("skipped"))
    lines.push(
      "  skipped by the worker, by reason:",
      ...groupLines(failureGroups(run.results, "Skipped"), 10),
    );
  if (conversion.skipped.length) {
    const groups = new Map<string, { count: number; example: string }>();
    for (const record of conversion.skipped) addTo(groups, record.reason, "");
    lines.push("  records not converted, by reason:", ...groupLines(groups, 10));
  }
  if (conversion.notes.length) {
    lines.push(`  conversion notes (${conversion.notes.length}):`);
    for (const note of conversion.notes.slice(0, 5))
      lines.push(`    row ${note.source.row}: ${note.message}`);
    if (conversion.notes.length > 5) lines.push(`    … and ${conversion.notes.length - 5} more`);
  }
  if (run.missing.length) {
    lines.push(
      `  MISSING results (${WAIT_END_REASONS[run.waitEnd]}), first items:`,
      ...run.missing.slice(0, 10).map((entry) => `    ${entry.itemCode} (event ${entry.eventId})`),
    );
  }

  const totalCalls = [...run.wixCalls.values()].reduce((sum, value) => sum + value, 0);
  lines.push(`  Wix calls   ${totalCalls}, by endpoint and status:`);
  const calls = [...run.wixCalls.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  for (const [key, value] of calls) lines.push(`    ${String(value).padStart(6)}  ${key}`);
  lines.push(
    `  sandbox     ${run.sandboxProducts} products, ` +
      (run.duplicateSkus.length
        ? `DUPLICATE SKUs: ${run.duplicateSkus.slice(0, 5).join(", ")}`
        : "no SKU on more than one product"),
    `  time        ${seconds(run.durationMs)}`,
    `  results in  ${displayPath(run.resultsFile)}` +
      (run.frappeUrl
        ? ` and Frappe ${run.frappeUrl} (report_result)`
        : " (no Frappe URL is configured)"),
  );
  return lines.join("\n");
}

/** Formats one line per run, for the end of a run over several catalogs. */
export function formatOverview(runs: CatalogRun[]): string {
  const columns = (values: (string | number)[]) =>
    values
      .map((value, index) => (index === 0 ? String(value).padEnd(44) : String(value).padStart(10)))
      .join("");
  const lines = [
    "All catalogs:",
    `  ${columns(["file", "items", "synced", "unchanged", "skipped", "failed", "missing", "seconds"])}`,
  ];
  for (const run of runs) {
    const count = outcomeCounter(run.results);
    lines.push(
      `  ${columns([
        path.basename(run.file),
        run.published,
        syncedCount(count),
        count("unchanged"),
        count("skipped"),
        count("failed"),
        run.missing.length,
        (run.durationMs / 1000).toFixed(1),
      ])}`,
    );
  }
  return lines.join("\n");
}
