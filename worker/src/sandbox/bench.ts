/**
 * Measure sandbox throughput: each item costs one SKU lookup and one create, as the worker's
 * adopt-or-create step does. Start a sandbox with `npm run sandbox -- --rate-limit 0`, then run
 * `npx tsx src/sandbox/bench.ts --url http://127.0.0.1:PORT --catalog V3 --items 10000`.
 */
import { Agent, request } from "node:http";
import { parseArgs } from "node:util";

import { DEFAULT_API_KEY, DEFAULT_SITE_ID } from "./options.js";

const { values } = parseArgs({
  options: {
    url: { type: "string" },
    catalog: { type: "string", default: "V3" },
    items: { type: "string", default: "5000" },
    concurrency: { type: "string", default: "32" },
    "api-key": { type: "string", default: DEFAULT_API_KEY },
    "site-id": { type: "string", default: DEFAULT_SITE_ID },
  },
});

if (!values.url) {
  console.error("bench: --url is required, for example --url http://127.0.0.1:8787");
  process.exit(2);
}
const baseUrl = values.url;
const items = Number(values.items);
const concurrency = Number(values.concurrency);
const agent = new Agent({ keepAlive: true, maxSockets: concurrency });

function send(method: string, path: string, body: unknown): Promise<number> {
  const payload = Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const outgoing = request(
      `${baseUrl}${path}`,
      {
        method,
        agent,
        headers: {
          authorization: values["api-key"],
          "wix-site-id": values["site-id"],
          "content-type": "application/json",
          "content-length": payload.length,
        },
      },
      (incoming) => {
        incoming.resume();
        incoming.on("end", () => resolve(incoming.statusCode ?? 0));
      },
    );
    outgoing.on("error", reject);
    outgoing.end(payload);
  });
}

async function syncItem(sku: string, statuses: Map<number, number>): Promise<void> {
  const description = "Sample description ".repeat(100);
  const calls: [string, string, unknown][] =
    values.catalog === "V1"
      ? [
          [
            "POST",
            "/stores/v1/products/query",
            { query: { filter: { sku } }, includeHiddenProducts: true },
          ],
          [
            "POST",
            "/stores/v1/products",
            { product: { name: sku, sku, priceData: { price: 1.5 }, description } },
          ],
        ]
      : [
          [
            "POST",
            "/stores/v3/products/search",
            { search: { filter: { "variantsInfo.variants.sku": sku } } },
          ],
          [
            "POST",
            "/stores/v3/products",
            {
              product: {
                name: sku,
                productType: "PHYSICAL",
                physicalProperties: {},
                plainDescription: description,
                variantsInfo: { variants: [{ sku, price: { actualPrice: { amount: "1.50" } } }] },
              },
            },
          ],
        ];
  for (const [method, path, body] of calls) {
    const status = await send(method, path, body);
    statuses.set(status, (statuses.get(status) ?? 0) + 1);
  }
}

const statuses = new Map<number, number>();
let next = 0;
const started = performance.now();
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (next < items) {
      const index = next;
      next += 1;
      await syncItem(`BENCH-${Date.now()}-${index}`, statuses);
    }
  }),
);
const seconds = (performance.now() - started) / 1000;
agent.destroy();
console.log(
  `${values.catalog}: ${items} items (${2 * items} requests) in ${seconds.toFixed(2)} s, ` +
    `${(items / seconds).toFixed(0)} items/s, ${((2 * items) / seconds).toFixed(0)} requests/s, ` +
    `statuses ${JSON.stringify(Object.fromEntries(statuses))}`,
);
