import { Redis } from "ioredis";

import type { CatalogVersion } from "../contract/index.js";

/** Record of the worker's last write of one item to Wix, shared by every worker process of a namespace. */
export interface ItemState {
  /** Highest item_version that reached a final outcome; older events are Superseded. */
  version: string;
  productId: string | null;
  variantId: string | null;
  revision: string | null;
  contentHash: string | null;
  /** V1 only: hash of the image URLs last sent through the media calls. */
  mediaHash: string | null;
  catalogVersion: CatalogVersion | null;
  productPageUrl: string | null;
  deleted: boolean;
}

/**
 * Store of ItemState by item code. `save` keeps the stored state when it already has a newer version,
 * so a slow or stale writer cannot roll an item back.
 */
export interface ItemStateStore {
  get(itemCode: string): Promise<ItemState | null>;
  /** Saves `state` unless the stored version is newer; returns whether it was saved. */
  save(itemCode: string, state: ItemState): Promise<boolean>;
  close(): Promise<void>;
}

/** In-memory store for one process: env-only mode and the demo. */
export class MemoryItemStateStore implements ItemStateStore {
  private readonly states = new Map<string, ItemState>();

  async get(itemCode: string): Promise<ItemState | null> {
    const state = this.states.get(itemCode);
    return state ? { ...state } : null;
  }

  async save(itemCode: string, state: ItemState): Promise<boolean> {
    const stored = this.states.get(itemCode);
    if (stored && stored.version > state.version) return false;
    this.states.set(itemCode, { ...state });
    return true;
  }

  async close(): Promise<void> {}
}

// Compare-and-set in one round trip: item versions are Frappe timestamps that sort as strings.
const SAVE_IF_NOT_OLDER = `
local current = redis.call('HGET', KEYS[1], 'version')
if current and current > ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'version', ARGV[1], 'state', ARGV[2])
return 1
`;

/** Redis store shared by every worker process: keys `<namespace>:item:<item_code>`. */
export class RedisItemStateStore implements ItemStateStore {
  private readonly redis: Redis;

  constructor(
    url: string,
    private readonly namespace: string,
  ) {
    this.redis = new Redis(url, {
      lazyConnect: false,
      maxRetriesPerRequest: 20,
      enableOfflineQueue: true,
    });
    this.redis.defineCommand("saveIfNotOlder", { numberOfKeys: 1, lua: SAVE_IF_NOT_OLDER });
  }

  private key(itemCode: string): string {
    return `${this.namespace}:item:${itemCode}`;
  }

  async get(itemCode: string): Promise<ItemState | null> {
    const raw = await this.redis.hget(this.key(itemCode), "state");
    return raw ? (JSON.parse(raw) as ItemState) : null;
  }

  async save(itemCode: string, state: ItemState): Promise<boolean> {
    const saved = await (
      this.redis as unknown as {
        saveIfNotOlder(key: string, version: string, state: string): Promise<number>;
      }
    ).saveIfNotOlder(this.key(itemCode), state.version, JSON.stringify(state));
    return saved === 1;
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
