import type {
  CatalogVersion,
  ItemDeleteEvent,
  ItemMapping,
  ItemUpsertEvent,
  WorkerConfig,
} from "../contract/index.js";
import type { Logger } from "../logger.js";
import { itemContentHash, mapItem, type MappedItem } from "../mapping/map-item.js";
import { validateWixProduct, type PayloadViolation } from "../mapping/wix-schemas.js";
import type { WixClient, WixExchange } from "../wix/client.js";
import {
  isDuplicateSku,
  isNotFound,
  type CatalogAdapter,
  type RemoteProduct,
} from "./catalog-adapter.js";
import type { ItemState, ItemStateStore } from "./item-state.js";
import { exchangeParts, failedOutcome, NO_WIX, truncate, type SyncOutcome } from "./outcome.js";

export interface SyncContext {
  config: WorkerConfig;
  client: WixClient;
  catalog: CatalogAdapter;
  store: ItemStateStore;
  logger: Logger;
}

/** Returns the product id, revision and hash to start from: the worker's own state first, then the event's mapping. */
function knownProduct(state: ItemState | null, mapping: ItemMapping, catalog: CatalogVersion) {
  if (state && state.catalogVersion === catalog && (state.productId || state.deleted)) {
    return {
      remote: state.productId
        ? {
            id: state.productId,
            revision: state.revision,
            variantId: state.variantId,
            pageUrl: state.productPageUrl,
          }
        : null,
      contentHash: state.contentHash,
      mediaHash: state.mediaHash,
    };
  }
  const sameCatalog = mapping.catalog_version === null || mapping.catalog_version === catalog;
  if (!sameCatalog || !mapping.wix_product_id)
    return { remote: null, contentHash: null, mediaHash: null };
  return {
    remote: {
      id: mapping.wix_product_id,
      revision: mapping.wix_revision,
      variantId: mapping.wix_variant_id,
      pageUrl: state?.productPageUrl ?? null,
    },
    contentHash: mapping.content_hash,
    mediaHash: null,
  };
}

function wixOf(
  remote: RemoteProduct | null,
  catalog: CatalogVersion,
  hash: string | null,
): SyncOutcome["wix"] {
  return {
    product_id: remote?.id ?? null,
    variant_id: remote?.variantId ?? null,
    revision: remote?.revision ?? null,
    catalog_version: catalog,
    product_page_url: remote?.pageUrl ?? null,
    content_hash: hash,
  };
}

function wixOfState(state: ItemState | null): SyncOutcome["wix"] {
  if (!state) return NO_WIX;
  return {
    product_id: state.productId,
    variant_id: state.variantId,
    revision: state.revision,
    catalog_version: state.catalogVersion,
    product_page_url: state.productPageUrl,
    content_hash: state.contentHash,
  };
}

function superseded(state: ItemState, version: string): SyncOutcome {
  return {
    operation: "noop",
    status: "Superseded",
    message: `A newer version of this item (${state.version}) was already synced; this event (${version}) was skipped`,
    dryRun: false,
    wix: wixOfState(state),
    error: null,
    request: null,
    response: null,
  };
}

function validationFailed(violations: PayloadViolation[], wix: SyncOutcome["wix"]): SyncOutcome {
  const [first] = violations as [PayloadViolation, ...PayloadViolation[]];
  const more =
    violations.length > 1
      ? ` (and ${violations.length - 1} more problem${violations.length > 2 ? "s" : ""})`
      : "";
  return {
    operation: "validate",
    status: "Failed",
    message: truncate(`${first.message}${more}`, 2000),
    dryRun: false,
    wix,
    error: {
      code: "VALIDATION_FAILED",
      message: truncate(violations.map((violation) => violation.detail).join("; "), 4000),
      permanent: true,
      field: first.field,
      http_status: null,
    },
    request: null,
    response: null,
  };
}

function withNotes(message: string, notes: string[]): string {
  return truncate([message, ...notes].join(" "), 2000);
}

/** Saves the new state unless a newer version got there first. */
async function record(ctx: SyncContext, itemCode: string, state: ItemState): Promise<void> {
  const saved = await ctx.store.save(itemCode, state);
  if (!saved)
    ctx.logger.warn(
      { item_code: itemCode, item_version: state.version },
      "A newer item state was stored meanwhile",
    );
}

function checkCreatable(mapped: MappedItem): PayloadViolation[] {
  if (mapped.fields.price !== null) return [];
  return [
    {
      field: "price",
      detail: "price is required to create a Wix product (the item has none)",
      message:
        "The item has no selling price, and Wix needs one to create a product. Add an Item Price in the price list chosen as Price List in Wix Settings (choose one there if it is empty), or set the item's Standard Selling Rate.",
    },
  ];
}

/** An upsert that passed the stale, validation and unchanged checks and needs a Wix write. */
export interface PreparedWrite {
  event: ItemUpsertEvent;
  mapped: MappedItem;
  known: RemoteProduct | null;
  mediaHash: string | null;
  hash: string;
  baseState: ItemState;
  mode: "create" | "update";
}

export type PreparedUpsert = { done: SyncOutcome } | { write: PreparedWrite };

/**
 * Runs the checks of an upsert that need no Wix call: stale version, validation, unchanged content and
 * test mode. Returns the outcome when one of them decides it, otherwise the write to make.
 */
export async function prepareUpsert(
  event: ItemUpsertEvent,
  ctx: SyncContext,
): Promise<PreparedUpsert> {
  const { item } = event;
  const catalog = ctx.catalog.version;
  const state = await ctx.store.get(item.item_code);
  if (state && state.version > item.item_version)
    return { done: superseded(state, item.item_version) };

  const known = knownProduct(state, event.mapping, catalog);
  const mapped = mapItem(item, ctx.config, catalog);
  const hash = itemContentHash(catalog, mapped.fields, ctx.config.sync_fields);
  const baseState: ItemState = {
    version: item.item_version,
    productId: known.remote?.id ?? null,
    variantId: known.remote?.variantId ?? null,
    revision: known.remote?.revision ?? null,
    contentHash: known.contentHash,
    mediaHash: known.mediaHash,
    catalogVersion: catalog,
    productPageUrl: known.remote?.pageUrl ?? null,
    deleted: state?.deleted ?? false,
  };

  const mode = known.remote ? "update" : "create";
  const violations = [
    ...mapped.violations,
    ...validateWixProduct(
      catalog,
      ctx.catalog.payload(mapped.fields, mode, known.remote ?? undefined),
    ),
    ...(mode === "create"
      ? validateWixProduct(catalog, ctx.catalog.payload(mapped.fields, "update"))
      : []),
  ];
  const unique = violations.filter(
    (v, i) => violations.findIndex((w) => w.detail === v.detail) === i,
  );
  if (unique.length) {
    await record(ctx, item.item_code, baseState);
    return { done: validationFailed(unique, wixOf(known.remote, catalog, known.contentHash)) };
  }

  if (known.remote && known.contentHash === hash) {
    await record(ctx, item.item_code, { ...baseState, contentHash: hash });
    return {
      done: {
        operation: "noop",
        status: "Skipped",
        message: "No change since the last sync",
        dryRun: false,
        wix: wixOf(known.remote, catalog, hash),
        error: null,
        request: null,
        response: null,
      },
    };
  }

  if (ctx.config.test_mode) {
    const payload = ctx.catalog.payload(mapped.fields, mode, known.remote ?? undefined);
    return {
      done: {
        operation: mode === "create" ? "create" : "update",
        status: "Skipped",
        message: withNotes(
          `Test mode: validated the item; would ${mode} the Wix product, and sent nothing.`,
          mapped.notes,
        ),
        dryRun: true,
        wix: wixOf(known.remote, catalog, hash),
        error: null,
        request: {
          method: mode === "create" ? "POST" : "PATCH",
          catalog_version: catalog,
          body: { product: payload },
        },
        response: null,
      },
    };
  }

  return {
    write: {
      event,
      mapped,
      known: known.remote,
      mediaHash: known.mediaHash,
      hash,
      baseState,
      mode,
    },
  };
}

/**
 * Syncs one item-upsert event: create, adopt by SKU, update, hide, or skip when nothing changed.
 * Transient Wix errors are thrown for the caller to retry; everything else becomes the outcome.
 */
export async function syncUpsert(event: ItemUpsertEvent, ctx: SyncContext): Promise<SyncOutcome> {
  const prepared = await prepareUpsert(event, ctx);
  if ("done" in prepared) return prepared.done;
  return writeUpsert(prepared.write, ctx);
}

/** Makes the Wix write of a prepared upsert on its own (not in a bulk call) and records the outcome. */
export async function writeUpsert(write: PreparedWrite, ctx: SyncContext): Promise<SyncOutcome> {
  const { event, mapped, baseState } = write;
  const { item } = event;
  const catalog = ctx.catalog.version;
  const known = {
    remote: write.known,
    contentHash: baseState.contentHash,
    mediaHash: write.mediaHash,
  };
  ctx.client.lastExchange = null;
  // A failed write names the operation it tried: create for an unmapped item, update otherwise.
  let operation: SyncOutcome["operation"] = write.mode;
  let remote: RemoteProduct;
  try {
    ({ operation, remote } = await writeProduct(ctx, mapped, known.remote, known.mediaHash));
  } catch (error) {
    if (error instanceof Error && "permanent" in error && error.permanent === false) throw error;
    await record(ctx, item.item_code, baseState);
    if (error instanceof CreateBlocked) {
      return {
        ...validationFailed(error.violations, wixOf(null, catalog, null)),
        ...exchangeParts(ctx.client.lastExchange),
      };
    }
    return failedOutcome(
      error,
      operation,
      wixOf(known.remote, catalog, known.contentHash),
      ctx.client.lastExchange,
    );
  }

  if (operation === "noop") {
    return {
      operation: "noop",
      status: "Skipped",
      message: withNotes(
        "The item is disabled or not for sale, and Wix has no product for it; nothing to hide.",
        mapped.notes,
      ),
      dryRun: false,
      wix: wixOf(null, catalog, null),
      error: null,
      request: null,
      response: null,
    };
  }

  return completeWrite(write, ctx, operation, remote);
}

/** Records a successful write of a prepared upsert and returns its outcome. */
export async function completeWrite(
  write: PreparedWrite,
  ctx: SyncContext,
  operation: SyncOutcome["operation"],
  remote: RemoteProduct,
  /** The call to report; default the client's last one. A bulk write passes this item's slice. */
  exchange: WixExchange | null = ctx.client.lastExchange,
): Promise<SyncOutcome> {
  const { baseState, mapped, hash } = write;
  await record(ctx, write.event.item.item_code, {
    ...baseState,
    productId: remote.id,
    variantId: remote.variantId,
    revision: remote.revision,
    contentHash: hash,
    mediaHash: remote.mediaHash ?? baseState.mediaHash,
    productPageUrl: remote.pageUrl ?? baseState.productPageUrl,
    deleted: false,
  });
  const verb = { create: "Created", adopt: "Adopted existing", update: "Updated", hide: "Hid" }[
    operation as "create" | "adopt" | "update" | "hide"
  ];
  return {
    operation,
    status: "Success",
    message: withNotes(`${verb} Wix product ${remote.id}.`, mapped.notes),
    dryRun: false,
    wix: wixOf(remote, ctx.catalog.version, hash),
    error: null,
    ...exchangeParts(exchange),
  };
}

async function writeProduct(
  ctx: SyncContext,
  mapped: MappedItem,
  known: RemoteProduct | null,
  mediaHash: string | null,
): Promise<{ operation: SyncOutcome["operation"]; remote: RemoteProduct }> {
  const hiding = !mapped.fields.visible;
  if (known) {
    try {
      const remote = await ctx.catalog.update(known, mapped.fields, mediaHash);
      return { operation: hiding ? "hide" : "update", remote };
    } catch (error) {
      if (!isNotFound(error)) throw error;
      ctx.logger.info(
        { item_code: mapped.fields.sku, wix_product_id: known.id },
        "Wix product was deleted in Wix; recreating it",
      );
    }
  } else if (ctx.catalog.uniqueSkus && !hiding && mapped.fields.price !== null) {
    // V3 rejects a second product with the same SKU, so a new item costs one call: create, and look
    // the SKU up to adopt only when Wix reports the duplicate.
    try {
      return { operation: "create", remote: await ctx.catalog.create(mapped.fields) };
    } catch (error) {
      if (!isDuplicateSku(error)) throw error;
      const found = await ctx.catalog.findBySku(mapped.fields.sku);
      if (!found) throw error;
      return { operation: "adopt", remote: await ctx.catalog.update(found, mapped.fields, null) };
    }
  } else {
    const found = await ctx.catalog.findBySku(mapped.fields.sku);
    if (found) {
      const remote = await ctx.catalog.update(found, mapped.fields, null);
      return { operation: hiding ? "hide" : "adopt", remote };
    }
  }
  if (hiding)
    return {
      operation: "noop",
      remote: { id: "", revision: null, variantId: null, pageUrl: null },
    };
  const creatable = checkCreatable(mapped);
  if (creatable.length) throw new CreateBlocked(creatable);
  return { operation: "create", remote: await ctx.catalog.create(mapped.fields) };
}

/** A create that cannot be sent because a field Wix requires on create is missing. */
class CreateBlocked extends Error {
  readonly permanent = true;
  constructor(readonly violations: PayloadViolation[]) {
    super(violations.map((violation) => violation.message).join(" "));
  }
}

export { CreateBlocked };

/** Syncs one item-delete event: deletes or hides the Wix product, as Wix Settings on_delete sets. */
export async function syncDelete(event: ItemDeleteEvent, ctx: SyncContext): Promise<SyncOutcome> {
  const catalog = ctx.catalog.version;
  const state = await ctx.store.get(event.item_code);
  if (state && state.version > event.item_version) return superseded(state, event.item_version);
  const known = knownProduct(state, event.mapping, catalog);
  const operation = ctx.config.on_delete === "delete" ? "delete" : "hide";
  const baseState: ItemState = {
    version: event.item_version,
    productId: known.remote?.id ?? null,
    variantId: known.remote?.variantId ?? null,
    revision: known.remote?.revision ?? null,
    contentHash: null,
    mediaHash: null,
    catalogVersion: catalog,
    productPageUrl: known.remote?.pageUrl ?? null,
    deleted: false,
  };

  if (ctx.config.test_mode) {
    return {
      operation,
      status: "Skipped",
      message: `Test mode: would ${operation} the Wix product of this item, and sent nothing.`,
      dryRun: true,
      wix: wixOf(known.remote, catalog, null),
      error: null,
      request: known.remote
        ? { method: operation === "delete" ? "DELETE" : "PATCH", product_id: known.remote.id }
        : null,
      response: null,
    };
  }

  ctx.client.lastExchange = null;
  try {
    const remote =
      known.remote ?? (state?.deleted ? null : await ctx.catalog.findBySku(event.item_code));
    if (!remote) {
      await record(ctx, event.item_code, { ...baseState, productId: null, deleted: true });
      return {
        operation,
        status: "Skipped",
        message: "Wix has no product for this item; nothing to delete",
        dryRun: false,
        wix: wixOf(null, catalog, null),
        error: null,
        request: null,
        response: null,
      };
    }
    if (operation === "delete") {
      let message = `Deleted Wix product ${remote.id}`;
      try {
        await ctx.catalog.delete(remote.id);
      } catch (error) {
        if (!isNotFound(error)) throw error;
        message = `Wix product ${remote.id} was already deleted in Wix`;
      }
      await record(ctx, event.item_code, {
        ...baseState,
        productId: null,
        variantId: null,
        revision: null,
        deleted: true,
      });
      return {
        operation,
        status: "Success",
        message,
        dryRun: false,
        wix: wixOf(remote, catalog, null),
        error: null,
        ...exchangeParts(ctx.client.lastExchange),
      };
    }
    const hidden = await ctx.catalog.setVisible(remote, false);
    await record(ctx, event.item_code, {
      ...baseState,
      productId: hidden.id,
      revision: hidden.revision,
      variantId: hidden.variantId ?? remote.variantId,
    });
    return {
      operation,
      status: "Success",
      message: `Hid Wix product ${hidden.id} because the item was deleted`,
      dryRun: false,
      wix: wixOf(hidden, catalog, null),
      error: null,
      ...exchangeParts(ctx.client.lastExchange),
    };
  } catch (error) {
    if (error instanceof Error && "permanent" in error && error.permanent === false) throw error;
    if (isNotFound(error) && operation === "hide") {
      await record(ctx, event.item_code, { ...baseState, productId: null, deleted: true });
      return {
        operation,
        status: "Skipped",
        message: "The Wix product was already deleted in Wix; nothing to hide",
        dryRun: false,
        wix: wixOf(null, catalog, null),
        error: null,
        request: null,
        response: null,
      };
    }
    await record(ctx, event.item_code, baseState);
    return failedOutcome(
      error,
      operation,
      wixOf(known.remote, catalog, null),
      ctx.client.lastExchange,
    );
  }
}
