import { readFileSync } from "node:fs";
import { crc32 } from "node:zlib";

interface Topology {
  exchange: { name: string; type: "topic"; durable: boolean };
  item_shards: number;
  routing_keys: Record<
    "item.upsert" | "item.delete" | "settings.changed" | "connection.test.request" | "wix.webhook",
    string
  >;
}

// The JSON file is the single source, shared with the Frappe publisher.
export const topology: Topology = JSON.parse(
  readFileSync(new URL("../../../contract/topology.json", import.meta.url), "utf8"),
);

/** Returns the shard (crc32 of the UTF-8 item_code modulo item_shards) that orders one item's events. */
export function itemShard(itemCode: string, shards = topology.item_shards): number {
  return crc32(Buffer.from(itemCode, "utf8")) % shards;
}

/** Builds the routing key for a message type from the topology's template, e.g. `item.upsert.3`. */
export function routingKey(
  messageType: keyof Topology["routing_keys"],
  values: Record<string, string | number> = {},
): string {
  return topology.routing_keys[messageType].replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined)
      throw new Error(`routing key ${messageType} needs a value for {${name}}`);
    return String(value);
  });
}
