// Item state and rate-limit buckets that worker processes of a test namespace left in the local Redis.
import { Redis } from "ioredis";

export const REDIS_URL = process.env.WIX_TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

/**
 * Deletes every `<namespace>:*` key. A run that leaves 100,000 item keys behind slows every later KEYS
 * scan on that Redis, including Frappe's cache clearing when the bench shares it.
 */
export async function deleteRedisNamespace(namespace: string, url = REDIS_URL): Promise<number> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1, lazyConnect: true });
  redis.on("error", () => undefined);
  let deleted = 0;
  try {
    await redis.connect();
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${namespace}:*`, "COUNT", 1000);
      cursor = next;
      if (keys.length) deleted += await redis.unlink(...keys);
    } while (cursor !== "0");
  } finally {
    redis.disconnect();
  }
  return deleted;
}
