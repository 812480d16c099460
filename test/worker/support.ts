import { randomUUID } from "node:crypto";

import { connect, type ChannelModel, type ConfirmChannel } from "amqplib";
import { pino } from "pino";

import {
  DEFAULT_API_KEY,
  DEFAULT_SITE_ID,
  startSandbox,
  type Sandbox,
  type SandboxOptions,
} from "../../worker/src/sandbox/index.js";
import {
  configFromEnv,
  memoryResultSink,
  namespaceQueues,
  publishItemEvent,
  startWorker,
  topologyNames,
  withConfig,
  type ErpItem,
  type ItemDeleteEvent,
  type ItemUpsertEvent,
  type MemoryResultSink,
  type WorkerConfig,
  type WorkerHandle,
  type WorkerOptions,
} from "../../worker/src/index.js";

export const AMQP_URL = process.env.WIX_TEST_AMQP_URL ?? "amqp://guest:guest@127.0.0.1:5672/%2F";
export { REDIS_URL } from "../support/redis-namespace.js";

/** Returns a namespace no other test uses, so exchanges and queues never collide. */
export function uniqueNamespace(label: string): string {
  return `wixtest.${label}.${randomUUID().slice(0, 8)}`;
}

export const quietLogger = pino({ level: process.env.WIX_TEST_LOG_LEVEL ?? "silent" });

export function sandboxConfig(sandbox: Sandbox, changes: Partial<WorkerConfig> = {}): WorkerConfig {
  return withConfig(configFromEnv({}), {
    api_key: sandbox.apiKey ?? DEFAULT_API_KEY,
    site_id: sandbox.siteId ?? DEFAULT_SITE_ID,
    wix_base_url: sandbox.url,
    request_timeout_ms: 5000,
    retry_attempts: 3,
    rate_limit_per_minute: 10_000,
    ...changes,
  });
}

let versionCounter = 0;

/** Returns an Item.modified-style version that is later than every version returned before. */
export function nextVersion(): string {
  versionCounter++;
  const base = new Date(Date.UTC(2026, 11, 4, 12, 0, 0));
  const stamp = new Date(base.getTime() + versionCounter * 1000)
    .toISOString()
    .replace("T", " ")
    .slice(0, 19);
  return `${stamp}.${String(versionCounter % 1_000_000).padStart(6, "0")}`;
}

export function erpItem(code: string, changes: Partial<ErpItem> = {}): ErpItem {
  return {
    item_code: code,
    item_name: `Stoneware mug ${code}`,
    item_version: nextVersion(),
    description: "<p>Hand-glazed stoneware.</p>",
    brand: "Kiln & Co",
    item_group: "Kitchen",
    disabled: false,
    is_sales_item: true,
    price: {
      amount: "14.50",
      currency: "USD",
      source: "price_list",
      price_list: "Standard Selling",
    },
    images: ["https://shop.example.com/files/mug.jpg"],
    weight: { value: 400, uom: "g" },
    barcode: "4006381333931",
    ...changes,
  };
}

/** Returns the fields that begin every item event: a new event id, the current time and trigger "auto". */
function eventHeader<T extends ItemUpsertEvent["type"] | ItemDeleteEvent["type"]>(type: T) {
  return {
    schema_version: 1,
    type,
    event_id: randomUUID(),
    occurred_at: new Date().toISOString(),
    site: "shop.example.com",
    trigger: "auto",
  } as const;
}

/** Returns the mapping of an item that was never synced, a new object each time. */
function noMapping(): ItemUpsertEvent["mapping"] {
  return {
    wix_product_id: null,
    wix_variant_id: null,
    catalog_version: null,
    content_hash: null,
    wix_revision: null,
  };
}

export function upsertEvent(
  item: ErpItem,
  changes: Partial<ItemUpsertEvent> = {},
): ItemUpsertEvent {
  return { ...eventHeader("item.upsert"), item, mapping: noMapping(), ...changes };
}

export function deleteEvent(code: string, changes: Partial<ItemDeleteEvent> = {}): ItemDeleteEvent {
  return {
    ...eventHeader("item.delete"),
    item_code: code,
    item_version: nextVersion(),
    mapping: noMapping(),
    ...changes,
  };
}

/** A sandbox, a broker connection and a worker on one fresh namespace; `close` removes them all. */
export interface Harness {
  namespace: string;
  sandbox: Sandbox;
  results: MemoryResultSink;
  worker: WorkerHandle;
  connection: ChannelModel;
  channel: ConfirmChannel;
  publish(event: ItemUpsertEvent | ItemDeleteEvent | Record<string, unknown>): Promise<void>;
  /** Waits until results for every given event id arrived and returns them in that order. */
  resultsFor(
    eventIds: string[],
    timeoutMs?: number,
  ): Promise<ReturnType<MemoryResultSink["results"]["at"]>[]>;
  queueDepth(queue: string): Promise<number>;
  names: ReturnType<typeof topologyNames>;
  close(): Promise<void>;
}

export async function startHarness(
  label: string,
  {
    sandbox: sandboxOptions = {},
    config = {},
    worker: workerOptions = {},
  }: {
    sandbox?: SandboxOptions;
    config?: Partial<WorkerConfig>;
    worker?: Partial<WorkerOptions>;
  } = {},
): Promise<Harness> {
  const namespace = uniqueNamespace(label);
  const sandbox = await startSandbox({ rateLimitPerMinute: 0, ...sandboxOptions });
  const results = memoryResultSink();
  const worker = await startWorker({
    amqpUrl: AMQP_URL,
    namespace,
    config: sandboxConfig(sandbox, config),
    results,
    httpPort: null,
    logger: quietLogger,
    redisUrl: null,
    retryDelaysMs: [100, 200, 400],
    heartbeatIntervalMs: 60_000,
    ...workerOptions,
  });
  const connection = await connect(AMQP_URL);
  const channel = await connection.createConfirmChannel();
  const names = topologyNames(namespace);
  return {
    namespace,
    sandbox,
    results,
    worker,
    connection,
    channel,
    names,
    publish: (event) => publishItemEvent(channel, namespace, event),
    async resultsFor(eventIds, timeoutMs = 15_000) {
      const expected = new Set(eventIds);
      await results.waitFor(
        (all) => [...expected].every((id) => all.some((r) => r.event_id === id)),
        timeoutMs,
      );
      return eventIds.map((id) => results.results.filter((r) => r.event_id === id).at(-1));
    },
    async queueDepth(queue) {
      return (await channel.checkQueue(queue)).messageCount;
    },
    async close() {
      await worker.stop();
      await deleteNamespace(channel, namespace).catch(() => undefined);
      await connection.close().catch(() => undefined);
      await sandbox.close();
    },
  };
}

/** Deletes every queue and exchange of a test namespace. */
export async function deleteNamespace(
  channel: ConfirmChannel,
  namespace: string,
  delays = [100, 200, 400],
) {
  for (const queue of namespaceQueues(namespace, delays)) await channel.deleteQueue(queue);
  const names = topologyNames(namespace);
  await channel.deleteExchange(names.retryExchange);
  await channel.deleteExchange(names.exchange);
}

/** Creates a product straight in the sandbox, as a shop owner would in the Wix dashboard; returns its id. */
export async function createDirectly(
  harness: Harness,
  catalog: "V1" | "V3",
  sku: string,
): Promise<string> {
  const product =
    catalog === "V1"
      ? { name: "Made in Wix", productType: "physical", priceData: { price: 3 }, sku }
      : {
          name: "Made in Wix",
          productType: "PHYSICAL",
          physicalProperties: {},
          variantsInfo: {
            variants: [{ choices: [], sku, price: { actualPrice: { amount: "3" } } }],
          },
        };
  const response = await fetch(
    `${harness.sandbox.url}/stores/${catalog === "V1" ? "v1" : "v3"}/products`,
    {
      method: "POST",
      headers: {
        authorization: harness.sandbox.apiKey,
        "wix-site-id": harness.sandbox.siteId,
        "content-type": "application/json",
      },
      body: JSON.stringify({ product }),
    },
  );
  if (response.status !== 200) throw new Error(`sandbox create failed: ${await response.text()}`);
  return ((await response.json()) as { product: { id: string } }).product.id;
}
