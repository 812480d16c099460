// The three promises every fault scenario checks: no item lost, no duplicate product by SKU, and the
// product in Wix equal to the last state published for its item.
import type { ErpItem } from "../../worker/src/contract/index.js";
import type { FrappeWriteback, SyncResult } from "../support/frappe-writeback.js";

/** The parts of a sandbox product the suite compares, read from either catalog's shape. */
export interface WixSnapshot {
  id: string | undefined;
  name: string | undefined;
  price: string | undefined;
  visible: boolean | undefined;
}

interface ProductLike {
  id?: string | null;
  _id?: string | null;
  name?: string | null;
  visible?: boolean | null;
  priceData?: { price?: number | null } | null;
  variantsInfo?: { variants?: { price?: { actualPrice?: { amount?: string | null } } }[] } | null;
}

/** Normalise a decimal ("12.50", 12.5) to the shortest string, so V1 numbers and V3 strings compare. */
export function normalisePrice(value: string | number | null | undefined): string | undefined {
  if (value === null || value === undefined || value === "") return undefined;
  return String(Number(value));
}

export function snapshot(product: unknown): WixSnapshot {
  const typed = product as ProductLike;
  const v3Amount = typed.variantsInfo?.variants?.[0]?.price?.actualPrice?.amount;
  return {
    id: typed.id ?? typed._id ?? undefined,
    name: typed.name ?? undefined,
    price: normalisePrice(v3Amount ?? typed.priceData?.price),
    visible: typed.visible ?? undefined,
  };
}

export interface PublishedEvent {
  eventId: string;
  item: ErpItem;
}

export interface OutcomeReport {
  published: number;
  items: number;
  /** Events with no result at Frappe. */
  missingResults: string[];
  /** Items whose last event ended neither Synced (Success or Skipped) nor Failed. */
  unfinished: string[];
  /** Failed items whose result carries no error code and message. */
  failedWithoutReason: string[];
  failed: { itemCode: string; code: string; message: string }[];
  duplicates: { sku: string; count: number }[];
  /** Synced items whose Wix product is missing or differs from the last published state. */
  mismatches: { itemCode: string; expected: WixSnapshot; actual: WixSnapshot | null }[];
  statusCounts: Record<string, number>;
  repeatDeliveries: number;
}

export interface OutcomeInput {
  events: PublishedEvent[];
  writeback: FrappeWriteback;
  productsBySku: Map<string, unknown[]>;
}

/** Compare what was published, what Frappe received and what the sandbox holds. */
export function assessOutcome({ events, writeback, productsBySku }: OutcomeInput): OutcomeReport {
  const lastEvent = new Map<string, PublishedEvent>();
  for (const event of events) lastEvent.set(event.item.item_code, event);

  const report: OutcomeReport = {
    published: events.length,
    items: lastEvent.size,
    missingResults: [],
    unfinished: [],
    failedWithoutReason: [],
    failed: [],
    duplicates: [],
    mismatches: [],
    statusCounts: {},
    repeatDeliveries: 0,
  };

  for (const event of events) {
    const result = writeback.results.get(event.eventId);
    if (!result) {
      report.missingResults.push(`${event.item.item_code} ${event.eventId}`);
      continue;
    }
    report.statusCounts[result.status] = (report.statusCounts[result.status] ?? 0) + 1;
  }
  for (const count of writeback.deliveries.values()) report.repeatDeliveries += count - 1;

  for (const [itemCode, event] of lastEvent) {
    const result: SyncResult | undefined = writeback.results.get(event.eventId);
    if (!result) continue;
    if (result.status === "Failed") {
      const reason = result.error?.message?.trim();
      if (!reason || !result.error?.code) report.failedWithoutReason.push(itemCode);
      report.failed.push({
        itemCode,
        code: result.error?.code ?? "",
        message: result.error?.message ?? "",
      });
      continue;
    }
    if (result.status !== "Success" && result.status !== "Skipped") {
      report.unfinished.push(`${itemCode}: last event ended ${result.status}`);
      continue;
    }
    const expected: WixSnapshot = {
      id: undefined,
      name: event.item.item_name,
      price: normalisePrice(event.item.price?.amount),
      visible: true,
    };
    const products = productsBySku.get(itemCode) ?? [];
    const actual = products.length ? snapshot(products[0]) : null;
    if (!actual || actual.name !== expected.name || actual.price !== expected.price) {
      report.mismatches.push({ itemCode, expected, actual });
    }
  }

  for (const [sku, products] of productsBySku) {
    if (products.length > 1) report.duplicates.push({ sku, count: products.length });
  }
  return report;
}

/** Summarise a report in one line per problem kind for assertion messages, listing at most 5 entries each. */
export function describeOutcome(report: OutcomeReport): string {
  const head = (values: unknown[]) =>
    `${values.length}${values.length ? `: ${JSON.stringify(values.slice(0, 5))}` : ""}`;
  return [
    `published ${report.published} events for ${report.items} items`,
    `statuses ${JSON.stringify(report.statusCounts)}, repeat deliveries ${report.repeatDeliveries}`,
    `missing results ${head(report.missingResults)}`,
    `unfinished ${head(report.unfinished)}`,
    `failed ${head(report.failed)}`,
    `duplicates ${head(report.duplicates)}`,
    `mismatches ${head(report.mismatches)}`,
  ].join("\n");
}
