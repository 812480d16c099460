import type { WixExchange } from "../wix/client.js";
import { V3_BULK_MAX, V3Products, type V3BulkOutcome } from "../wix/products-v3.js";
import type { V3Product } from "../wix/types.js";
import { v3Remote, withIdentity } from "./catalog-adapter.js";
import { completeWrite, type PreparedWrite, type SyncContext } from "./item-sync.js";
import type { SyncOutcome } from "./outcome.js";

/** "single": the bulk call did not settle this write, so it goes through the one-item path. */
export type BulkWriteOutcome = SyncOutcome | "single";

function chunks<T>(items: T[], size: number): T[][] {
  const result: T[][] = [];
  for (let index = 0; index < items.length; index += size)
    result.push(items.slice(index, index + size));
  return result;
}

/**
 * The part of a bulk call that concerns one item: its product in the request and its entry in the
 * response. A result then carries a few kilobytes instead of the whole batch.
 */
function itemSlice(
  exchange: WixExchange | null,
  index: number,
  result: V3BulkOutcome,
): WixExchange | null {
  if (!exchange) return null;
  const body = (exchange.body ?? {}) as { products?: unknown[] } & Record<string, unknown>;
  const slice: WixExchange = {
    method: exchange.method,
    path: exchange.path,
    body: { ...body, products: body.products?.slice(index, index + 1) ?? [] },
    response: { results: [result.raw] },
  };
  if (exchange.status !== undefined) slice.status = exchange.status;
  return slice;
}

/**
 * Writes prepared V3 upserts with bulk create and bulk update, up to 100 products a call. New items
 * are created without a SKU lookup, because V3 rejects a duplicate SKU per product. Those items, like
 * every other item a bulk call did not settle, come back as "single" for the one-item path, which
 * looks the SKU up and adopts. Hidden items, items without a price and updates without a revision
 * take the one-item path from the start.
 */
export async function writeBulkV3(
  writes: PreparedWrite[],
  ctx: SyncContext,
): Promise<Map<PreparedWrite, BulkWriteOutcome>> {
  const outcomes = new Map<PreparedWrite, BulkWriteOutcome>();
  const products = new V3Products(ctx.client);
  const creates: PreparedWrite[] = [];
  const updates: PreparedWrite[] = [];
  for (const write of writes) {
    if (!write.mapped.fields.visible || write.mapped.fields.price === null)
      outcomes.set(write, "single");
    else if (!write.known) creates.push(write);
    else if (write.known.revision) updates.push(write);
    else outcomes.set(write, "single");
  }

  const settle = async (
    batch: PreparedWrite[],
    answer: V3BulkOutcome[],
    operation: "create" | "update",
  ) => {
    const exchange = ctx.client.lastExchange;
    for (const [index, write] of batch.entries()) {
      const result = answer.find((entry) => entry.originalIndex === index) ?? answer[index];
      if (!result?.success || !result.product?.id) {
        outcomes.set(write, "single");
        continue;
      }
      outcomes.set(
        write,
        await completeWrite(
          write,
          ctx,
          operation,
          v3Remote(result.product),
          itemSlice(exchange, index, result),
        ),
      );
    }
  };

  for (const batch of chunks(creates, V3_BULK_MAX)) {
    try {
      const answer = await products.bulkCreate(
        batch.map((write) => ctx.catalog.payload(write.mapped.fields, "create") as V3Product),
      );
      await settle(batch, answer, "create");
    } catch (error) {
      ctx.logger.warn(
        { err: error instanceof Error ? error.message : String(error), items: batch.length },
        "V3 bulk create failed; syncing its items one by one",
      );
      for (const write of batch) outcomes.set(write, "single");
    }
  }
  for (const batch of chunks(updates, V3_BULK_MAX)) {
    try {
      const answer = await products.bulkUpdate(
        batch.map((write) =>
          withIdentity(
            ctx.catalog.payload(write.mapped.fields, "update", write.known!) as V3Product,
            write.known!,
          ),
        ),
      );
      await settle(batch, answer, "update");
    } catch (error) {
      ctx.logger.warn(
        { err: error instanceof Error ? error.message : String(error), items: batch.length },
        "V3 bulk update failed; syncing its items one by one",
      );
      for (const write of batch) outcomes.set(write, "single");
    }
  }
  return outcomes;
}
