// Hostile and broken input through a real worker process: each case gets its documented outcome
// (parked, Failed with the field named, or synced with the bad part removed) and the worker keeps
// serving the events that follow.
import { randomBytes } from "node:crypto";

import amqp, { type ChannelModel, type ConfirmChannel } from "amqplib";
import { expect } from "chai";

import { namespaceQueues, topologyNames } from "../../worker/src/amqp/names.js";
import { publishItemEvent } from "../../worker/src/amqp/publish.js";
import { declareTopology } from "../../worker/src/amqp/topology.js";
import type { ErpItem, ItemUpsertEvent } from "../../worker/src/contract/index.js";
import { startSandbox, type Sandbox } from "../../worker/src/sandbox/index.js";
import {
  startFrappeWriteback,
  type FrappeWriteback,
  type SyncResult,
} from "../support/frappe-writeback.js";
import { skipBecause } from "../support/skip.js";
import { sandboxWorkerConfig } from "../support/worker-config.js";
import { itemVersion, upsertEvent } from "./catalog.js";
import { snapshot } from "./outcome.js";
import { startRecordingProxy, type RecordingProxy } from "./recording-proxy.js";
import { spawnWorker, type WorkerProcess } from "./worker-process.js";

const AMQP_URL = process.env.WIX_TEST_AMQP_URL ?? "amqp://guest:guest@127.0.0.1:5672/%2F";
const WAIT_MS = 90_000;
const TEN_MB = 10 * 1024 * 1024;

const RTL = "שלום עולם مرحبا";
const EMOJI = "👩🏽‍🔧🚀🇩🇪";
// "e" + combining acute, "n" + combining tilde, Devanagari with a virama: NFC composes the first two.
const COMBINING = "Cafe\u0301 Espan\u0303a क्षि";
const MIXED = `${RTL} ${EMOJI} ${COMBINING}`;

function item(code: string, changes: Partial<ErpItem> = {}): ErpItem {
  return {
    item_code: code,
    item_name: `Bad input ${code}`,
    item_version: itemVersion(1),
    description: "<p>Plain description.</p>",
    brand: "Edgecase",
    item_group: "Bad Input",
    disabled: false,
    is_sales_item: true,
    price: {
      amount: "12.50",
      currency: "USD",
      source: "price_list",
      price_list: "Standard Selling",
    },
    images: [],
    weight: null,
    barcode: null,
    ...changes,
  };
}

describe("worker with bad input", function () {
  this.timeout(WAIT_MS + 60_000);
  const namespace = `wix_badinput_${randomBytes(3).toString("hex")}`;
  const prefix = `BAD${randomBytes(2).toString("hex").toUpperCase()}`;
  let sandbox: Sandbox;
  let proxy: RecordingProxy;
  let writeback: FrappeWriteback;
  let worker: WorkerProcess;
  let connection: ChannelModel;
  let channel: ConfirmChannel;
  const events = new Map<string, ItemUpsertEvent>();
  const parked = new Map<string, { headers: Record<string, unknown>; size: number }>();

  const code = (suffix: string) => `${prefix}-${suffix}`;

  async function publishCase(name: string, changes: Partial<ErpItem>, itemCode = code(name)) {
    const event = upsertEvent(item(itemCode, changes));
    events.set(name, event);
    await publishItemEvent(channel, namespace, event);
  }

  async function publishRaw(messageId: string, body: Buffer, routingShard = 0) {
    await new Promise<void>((resolve, reject) =>
      channel.publish(
        topologyNames(namespace).exchange,
        `item.upsert.${routingShard}`,
        body,
        { persistent: true, contentType: "application/json", messageId },
        (error: unknown) => (error ? reject(error) : resolve()),
      ),
    );
  }

  const result = (name: string): SyncResult => {
    const value = writeback.results.get(events.get(name)!.event_id);
    expect(value, `no result for case ${name}`).to.not.equal(undefined);
    return value!;
  };

  const product = (itemCode: string) => {
    const products = sandbox.productsBySku().get(itemCode) ?? [];
    expect(products, `products with SKU ${itemCode}`).to.have.length(1);
    return products[0] as Record<string, unknown>;
  };

  async function collectParked(expectedIds: string[], deadline: number): Promise<void> {
    const queue = topologyNames(namespace).parkingQueue;
    while (Date.now() < deadline && expectedIds.some((id) => !parked.has(id))) {
      const message = await channel.get(queue, { noAck: true });
      if (!message) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        continue;
      }
      const id = String(message.properties.messageId ?? "");
      parked.set(id, {
        headers: (message.properties.headers ?? {}) as Record<string, unknown>,
        size: message.content.length,
      });
    }
  }

  before(async function () {
    try {
      connection = await amqp.connect(AMQP_URL);
    } catch (error) {
      skipBecause(this, `RabbitMQ at ${AMQP_URL} is not reachable: ${(error as Error).message}`);
    }
    channel = await connection.createConfirmChannel();
    await declareTopology(channel, namespace);
    sandbox = await startSandbox({ catalogVersion: "V3", rateLimitPerMinute: 0 });
    proxy = await startRecordingProxy(sandbox.url);
    writeback = await startFrappeWriteback({
      apiKey: "bad-input-key",
      apiSecret: "bad-input-secret",
      config: sandboxWorkerConfig(sandbox, {
        wix_base_url: proxy.url,
        retry_attempts: 2,
        request_timeout_ms: 10000,
      }),
    });
    worker = await spawnWorker({
      WIX_AMQP_URL: AMQP_URL,
      WIX_NAMESPACE: namespace,
      WIX_FRAPPE_URL: writeback.url,
      WIX_FRAPPE_API_KEY: "bad-input-key",
      WIX_FRAPPE_API_SECRET: "bad-input-secret",
      WIX_REDIS_URL: "memory",
    });
    await worker.ready();

    await publishRaw(
      "malformed-json",
      Buffer.from('{"schema_version": 1, "type": "item.upsert", '),
    );
    await publishRaw("not-json-at-all", Buffer.from("\u0000\u00ff binary garbage"));
    await publishRaw("ten-mb-garbage", Buffer.alloc(TEN_MB, "x"));
    const wrongVersion = { ...upsertEvent(item(code("v2"))), schema_version: 2 };
    await publishRaw("wrong-schema-version", Buffer.from(JSON.stringify(wrongVersion)));
    const wrongType = { ...upsertEvent(item(code("type"))), type: "item.explode" };
    await publishRaw("wrong-type", Buffer.from(JSON.stringify(wrongType)));

    await publishCase("ten-mb-description", {
      description: `<p>${"Long text. ".repeat(Math.ceil(TEN_MB / 11))}</p>`,
    });
    await publishCase("long-description", { description: `<p>${"d".repeat(20_000)}</p>` });
    await publishCase("unicode-everywhere", {
      item_name: MIXED.slice(0, 60),
      description: `<p>${MIXED}</p>`,
      brand: `${RTL.slice(0, 8)} ${EMOJI}`,
      item_group: MIXED,
      barcode: `${EMOJI}1`,
    });
    await publishCase("unicode-sku", {}, `${prefix}-${EMOJI}-${RTL.slice(0, 4)}-e\u0301`);
    await publishCase("name-80", { item_name: "N".repeat(80) });
    await publishCase("name-81", { item_name: "N".repeat(81) });
    await publishCase("name-81-emoji", { item_name: "😀".repeat(41) });
    await publishCase("sku-40", {}, `${prefix}-${"S".repeat(40 - prefix.length - 1)}`);
    await publishCase("sku-41", {}, `${prefix}-${"S".repeat(41 - prefix.length - 1)}`);
    await publishCase("price-negative", {
      price: {
        amount: "-1.00",
        currency: "USD",
        source: "price_list",
        price_list: "Standard Selling",
      },
    });
    await publishCase("price-zero", {
      price: { amount: "0", currency: "USD", source: "price_list", price_list: "Standard Selling" },
    });
    await publishCase("price-missing", { price: null });
    await publishCase("images-bad", {
      images: [
        "/files/relative.jpg",
        "files/no-slash.jpg",
        "http://shop.example.com/files/plain-http.jpg",
        "ftp://shop.example.com/files/ftp.jpg",
        "javascript:alert(1)",
        "https://shop.example.com/files/good.jpg",
      ],
    });
    await publishCase("html-script", {
      description:
        '<p>Safe <b>bold</b></p><script>alert("x")</script><img src="x" onerror="alert(1)">' +
        '<a href="javascript:alert(2)">link</a><iframe src="https://evil.example"></iframe>' +
        "<SCRIPT SRC=//evil.example/x.js></SCRIPT><style>body{}</style>",
    });
    await publishCase("after-bad-input", {});

    const expectResult = [...events.values()].map((event) => event.event_id);
    const deadline = Date.now() + WAIT_MS;
    while (Date.now() < deadline && expectResult.some((id) => !writeback.results.has(id))) {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    await collectParked(
      [
        "malformed-json",
        "not-json-at-all",
        "ten-mb-garbage",
        "wrong-schema-version",
        "wrong-type",
        events.get("ten-mb-description")!.event_id,
      ],
      Date.now() + 30_000,
    );
  });

  after(async () => {
    await worker?.kill("SIGTERM");
    if (channel) {
      const names = topologyNames(namespace);
      for (const queue of namespaceQueues(namespace)) {
        await channel.deleteQueue(queue).catch(() => undefined);
      }
      await channel.deleteExchange(names.exchange).catch(() => undefined);
      await channel.deleteExchange(names.retryExchange).catch(() => undefined);
    }
    await connection?.close().catch(() => undefined);
    await writeback?.close();
    await proxy?.close();
    await sandbox?.close();
  });

  describe("when the message is not a valid event", () => {
    for (const id of ["malformed-json", "not-json-at-all", "ten-mb-garbage", "wrong-type"]) {
      it(`parks ${id}`, () => {
        expect(parked.has(id), `parked: ${[...parked.keys()].join(", ")}`).to.equal(true);
      });
    }

    it("parks wrong schema version", () => {
      expect(parked.has("wrong-schema-version")).to.equal(true);
    });

    it("names schema_version in the park reason", () => {
      const reason = String(parked.get("wrong-schema-version")?.headers["wix-park-reason"] ?? "");

      expect(reason).to.match(/schema_version/);
    });

    it("makes no Wix call for parked messages", () => {
      const bad = proxy.requests.filter((request) => request.body.includes(code("v2")));

      expect(bad).to.deep.equal([]);
    });
  });

  describe("when the event is 10 MB", () => {
    it("parks it as too large", () => {
      const parkedEvent = parked.get(events.get("ten-mb-description")!.event_id);

      expect(parkedEvent?.headers["wix-park-code"]).to.equal("PAYLOAD_TOO_LARGE");
    });

    it("sends nothing to Wix for it", () => {
      expect(sandbox.productsBySku().get(code("ten-mb-description"))).to.equal(undefined);
    });

    it("reports it Failed with PAYLOAD_TOO_LARGE", () => {
      const outcome = result("ten-mb-description");

      expect(outcome.status).to.equal("Failed");
      expect(outcome.error?.code).to.equal("PAYLOAD_TOO_LARGE");
    });
  });

  describe("when the description passes Wix's limit", () => {
    it("fails with the description named", () => {
      const outcome = result("long-description");

      expect(outcome.status).to.equal("Failed");
      expect(outcome.error?.field).to.equal("description");
      expect(outcome.error?.permanent).to.equal(true);
      expect(outcome.error?.message).to.match(/16000/);
    });

    it("sends nothing to Wix for it", () => {
      expect(sandbox.productsBySku().get(code("long-description"))).to.equal(undefined);
    });
  });

  describe("when text fields hold RTL, emoji and combining marks", () => {
    it("syncs the item", () => {
      expect(result("unicode-everywhere").status).to.equal("Success");
    });

    it("keeps the name as NFC text", () => {
      const name = snapshot(product(code("unicode-everywhere"))).name;

      expect(name).to.equal(MIXED.slice(0, 60).normalize("NFC").trim());
    });

    it("keeps the description text", () => {
      const stored = product(code("unicode-everywhere"));

      expect(String(stored.plainDescription)).to.include(MIXED.normalize("NFC"));
    });

    it("syncs a unicode SKU exactly", () => {
      const sku = events.get("unicode-sku")!.item.item_code;

      expect(result("unicode-sku").status).to.equal("Success");
      expect(sandbox.productsBySku().get(sku)).to.have.length(1);
    });
  });

  describe("when the name is 81 characters or more", () => {
    it("syncs a name of 80", () => {
      expect(result("name-80").status).to.equal("Success");
    });

    for (const name of ["name-81", "name-81-emoji"]) {
      it(`fails ${name} naming the field and limit`, () => {
        const outcome = result(name);

        expect(outcome.status).to.equal("Failed");
        expect(outcome.error?.field).to.equal("name");
        expect(outcome.error?.permanent).to.equal(true);
        expect(outcome.error?.message).to.match(/80/);
        expect(outcome.error?.message).to.match(/8[12]/);
      });
    }
  });

  describe("when the SKU is 41 characters or more", () => {
    it("syncs a SKU of 40", () => {
      expect(result("sku-40").status).to.equal("Success");
    });

    it("fails naming the SKU and limit", () => {
      const outcome = result("sku-41");

      expect(outcome.status).to.equal("Failed");
      expect(outcome.error?.field).to.equal("sku");
      expect(outcome.error?.permanent).to.equal(true);
      expect(outcome.error?.message).to.match(/40/);
      expect(outcome.error?.message).to.match(/41/);
    });
  });

  describe("when the price is negative, zero or missing", () => {
    it("fails a negative price naming the price", () => {
      const outcome = result("price-negative");

      expect(outcome.status).to.equal("Failed");
      expect(outcome.error?.field).to.equal("price");
      expect(outcome.error?.permanent).to.equal(true);
      expect(outcome.error?.message).to.include("-1.00");
    });

    it("syncs a zero price as 0", () => {
      expect(result("price-zero").status).to.equal("Success");
      expect(snapshot(product(code("price-zero"))).price).to.equal("0");
    });

    it("fails a missing price naming the price", () => {
      const outcome = result("price-missing");

      expect(outcome.status).to.equal("Failed");
      expect(outcome.error?.field).to.equal("price");
      expect(outcome.error?.permanent).to.equal(true);
      expect(outcome.error?.message).to.match(/price is required/);
    });
  });

  describe("when image URLs are relative or not https", () => {
    it("syncs the item", () => {
      expect(result("images-bad").status).to.equal("Success");
    });

    it("sends only the https image", () => {
      const sent = proxy.requests
        .filter((request) => request.body.includes(code("images-bad")))
        .map((request) => request.body);

      expect(sent.join("\n")).to.include("https://shop.example.com/files/good.jpg");
      for (const bad of [
        "relative.jpg",
        "no-slash.jpg",
        "plain-http.jpg",
        "ftp.jpg",
        "javascript:",
      ]) {
        expect(sent.join("\n"), bad).to.not.include(bad);
      }
    });
  });

  describe("when the description contains scripts", () => {
    it("syncs the item", () => {
      expect(result("html-script").status).to.equal("Success");
    });

    it("keeps the safe markup", () => {
      expect(String(product(code("html-script")).plainDescription)).to.include("<b>bold</b>");
    });

    it("sends no script, handler or javascript URL to Wix", () => {
      const everything = proxy.requests.map((request) => request.body).join("\n");

      expect(everything).to.not.match(/<script/i);
      expect(everything).to.not.match(/onerror/i);
      expect(everything).to.not.match(/javascript:/i);
      expect(everything).to.not.match(/<iframe/i);
      expect(everything).to.not.match(/<style/i);
    });
  });

  describe("when bad input came first", () => {
    it("keeps the worker running", async () => {
      const health = await fetch(`http://127.0.0.1:${worker.httpPort}/healthz`);

      expect(worker.exited()).to.equal(false);
      expect(health.status).to.equal(200);
    });

    it("syncs the next good item", () => {
      expect(result("after-bad-input").status).to.equal("Success");
    });

    it("sends only contract-valid results", () => {
      expect(writeback.invalid.slice(0, 3)).to.deep.equal([]);
    });
  });

  it("reports a result per event that names its event id", () => {
    const missing = [...events.entries()]
      .filter(([, event]) => !writeback.results.has(event.event_id))
      .map(([name]) => name);

    expect(missing).to.deep.equal([]);
  });
});
