import type { Channel } from "amqplib";

import { topology } from "../contract/index.js";
import { DEFAULT_RETRY_DELAYS_MS, HEADERS, topologyNames } from "./names.js";

export interface TopologyOptions {
  retryDelaysMs?: number[];
}

/**
 * Declares the exchanges, queues and bindings of one namespace. Every call is idempotent, so each
 * worker process runs it at start and after every reconnect.
 *
 * - `<ns>` topic exchange, as contract/topology.json names it.
 * - `<ns>.items.<shard>`: one queue per shard bound to `item.*.<shard>`, with single-active-consumer, so
 *   one consumer at a time across all processes receives a shard and an item's events stay in order.
 *   A rejected message is dead-lettered to the parking queue.
 * - `<ns>.retry` headers exchange routing on the `wix-retry-delay` header to `<ns>.retry.<delay>ms`
 *   queues; each has a message TTL and dead-letters back to `<ns>` with the original routing key.
 * - `<ns>.parking`, `<ns>.results`, `<ns>.control` (`connection.test`) and `<ns>.webhooks`
 *   (`wix.webhook.#`, kept for later steps).
 */
export async function declareTopology(
  channel: Channel,
  namespace: string = topology.exchange.name,
  { retryDelaysMs = DEFAULT_RETRY_DELAYS_MS }: TopologyOptions = {},
): Promise<void> {
  const names = topologyNames(namespace);
  await channel.assertExchange(names.exchange, topology.exchange.type, {
    durable: topology.exchange.durable,
  });
  await channel.assertExchange(names.retryExchange, "headers", { durable: true });
  await channel.assertQueue(names.parkingQueue, { durable: true });

  for (let shard = 0; shard < topology.item_shards; shard++) {
    const queue = names.itemQueue(shard);
    await channel.assertQueue(queue, {
      durable: true,
      arguments: {
        "x-single-active-consumer": true,
        "x-dead-letter-exchange": "",
        "x-dead-letter-routing-key": names.parkingQueue,
      },
    });
    await channel.bindQueue(queue, names.exchange, `item.*.${shard}`);
  }

  for (const delayMs of retryDelaysMs) {
    const queue = names.retryQueue(delayMs);
    await channel.assertQueue(queue, {
      durable: true,
      arguments: { "x-message-ttl": delayMs, "x-dead-letter-exchange": names.exchange },
    });
    await channel.bindQueue(queue, names.retryExchange, "", {
      "x-match": "all",
      [HEADERS.retryDelay]: String(delayMs),
    });
  }

  await channel.assertQueue(names.resultsQueue, { durable: true });
  await channel.assertQueue(names.controlQueue, { durable: true });
  await channel.bindQueue(names.controlQueue, names.exchange, "connection.test");
  await channel.assertQueue(names.webhooksQueue, { durable: true });
  await channel.bindQueue(names.webhooksQueue, names.exchange, "wix.webhook.#");
}
