import type { Channel, ConfirmChannel, Options } from "amqplib";

import {
  itemShard,
  routingKey,
  topology,
  type ItemDeleteEvent,
  type ItemUpsertEvent,
} from "../contract/index.js";
import { topologyNames } from "./names.js";

/** Returns the routing key of an item event: `item.upsert.<shard>` or `item.delete.<shard>`. */
export function itemRoutingKey(event: ItemUpsertEvent | ItemDeleteEvent): string {
  const code = event.type === "item.upsert" ? event.item.item_code : event.item_code;
  return routingKey(event.type, { shard: itemShard(code) });
}

/** Publishes with a publisher confirm when the channel has them, so the promise means "stored". */
export function publishConfirmed(
  channel: Channel | ConfirmChannel,
  exchange: string,
  key: string,
  body: Buffer,
  options: Options.Publish,
): Promise<void> {
  if (!("waitForConfirms" in channel)) {
    channel.publish(exchange, key, body, options);
    return Promise.resolve();
  }
  return new Promise((resolve, reject) => {
    channel.publish(exchange, key, body, options, (error: unknown) => {
      if (!error) return resolve();
      reject(error instanceof Error ? error : new Error(String(error)));
    });
  });
}

/**
 * Publishes an item event the way Frappe's publisher does: persistent JSON on the namespace's exchange,
 * routed to the item's shard. Used by tests, the demo and benchmarks.
 */
export async function publishItemEvent(
  channel: Channel | ConfirmChannel,
  namespace: string = topology.exchange.name,
  event: ItemUpsertEvent | ItemDeleteEvent | Record<string, unknown>,
  options: Options.Publish = {},
): Promise<void> {
  const typed = event as ItemUpsertEvent | ItemDeleteEvent;
  await publishConfirmed(
    channel,
    topologyNames(namespace).exchange,
    itemRoutingKey(typed),
    Buffer.from(JSON.stringify(event)),
    {
      persistent: true,
      contentType: "application/json",
      messageId: typed.event_id,
      type: typed.type,
      timestamp: Math.floor(Date.now() / 1000),
      ...options,
    },
  );
}
