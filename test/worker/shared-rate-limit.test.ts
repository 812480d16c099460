import { expect } from "chai";
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, connect as connectTcp, type Server, type Socket } from "node:net";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

import { connect, type ChannelModel } from "amqplib";
import { Redis } from "ioredis";
import { pino } from "pino";

import { decode, publishItemEvent, topologyNames } from "../../worker/src/index.js";
import type { ConnectionTestReply } from "../../worker/src/contract/index.js";
import { startSandbox, type Sandbox } from "../../worker/src/sandbox/index.js";
import { RedisSiteRateLimiter } from "../../worker/src/wix/redis-rate-limiter.js";
import { spawnWorker, waitForResults, type WorkerProcess } from "./processes.js";
import {
  AMQP_URL,
  REDIS_URL,
  deleteNamespace,
  erpItem,
  uniqueNamespace,
  upsertEvent,
} from "./support.js";

const SITE = "site-shared-limit";

/** Creates a logger that keeps its JSON lines, so a test can check what the limiter logged. */
function capturingLogger() {
  const lines: { level: number; msg: string; redis?: string; err?: string }[] = [];
  const logger = pino({ level: "info" }, { write: (line: string) => lines.push(JSON.parse(line)) });
  return { logger, lines, warnings: () => lines.filter((line) => line.level === 40) };
}

/** A TCP relay on loopback in front of the test Redis, which a test can stop and start again. */
class RedisRelay {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  port = 0;

  async start(): Promise<void> {
    const target = new URL(REDIS_URL);
    const server = createServer((client) => {
      const upstream = connectTcp(Number(target.port || 6379), target.hostname);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on("error", () => undefined);
        socket.on("close", () => {
          this.sockets.delete(socket);
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => server.listen(this.port, "127.0.0.1", resolve));
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/** Returns a loopback port that nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function until(check: () => Promise<boolean>, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("RedisSiteRateLimiter", function () {
  this.timeout(30_000);
  let namespace: string;
  let limiters: RedisSiteRateLimiter[] = [];
  let redis: Redis;

  const limiter = (
    perMinute: number,
    capacity = perMinute,
    options: { url?: string; logger?: ReturnType<typeof capturingLogger>["logger"] } = {},
  ) => {
    const created = new RedisSiteRateLimiter({
      url: options.url ?? REDIS_URL,
      namespace,
      logger: options.logger ?? pino({ level: "silent" }),
      perMinute,
      capacity,
    });
    limiters.push(created);
    return created;
  };

  before(() => {
    redis = new Redis(REDIS_URL);
  });

  beforeEach(() => {
    namespace = uniqueNamespace("ratelimit");
  });

  afterEach(async () => {
    await Promise.all(limiters.map((each) => each.close()));
    limiters = [];
    const keys = await redis.keys(`${namespace}:*`);
    if (keys.length) await redis.del(...keys);
  });

  after(async () => {
    await redis.quit();
  });

  it("shares one budget across instances", async () => {
    // 3 instances take 66 tokens of a bucket of 60 that refills one a second.
    const instances = [limiter(60), limiter(60), limiter(60)];
    const started = Date.now();
    const waits = await Promise.all(
      instances.flatMap((instance) =>
        Array.from({ length: 22 }, () => instance.acquire(SITE).then(() => Date.now() - started)),
      ),
    );
    waits.sort((a, b) => a - b);
    expect(
      waits.filter((ms) => ms < 500),
      "tokens handed out at once",
    ).to.have.length(60);
    const late = waits.slice(60);
    late.forEach((ms, index) => {
      expect(ms, `token ${61 + index}`).to.be.within(
        (index + 1) * 1000 - 100,
        (index + 1) * 1000 + 400,
      );
    });
    expect(await redis.exists(`${namespace}:ratelimit:${SITE}`)).to.equal(1);
  });

  it("keeps one bucket per site", async () => {
    const [a, b] = [limiter(60, 1), limiter(60, 1)];
    expect(await a.acquire("site-a")).to.equal(0);
    expect(await b.acquire("site-b")).to.equal(0);
    const started = Date.now();
    await b.acquire("site-a");
    expect(Date.now() - started).to.be.within(900, 1400);
  });

  it("makes others wait after a drain", async () => {
    const [a, b, c] = [limiter(60), limiter(60), limiter(60)];
    expect(await b.acquire(SITE)).to.equal(0);
    await a.drain(SITE);
    const waits = await Promise.all([b.acquire(SITE), c.acquire(SITE)]);
    const [first, second] = waits.sort((x, y) => x - y) as [number, number];
    expect(first, "the first token after the drain").to.be.within(900, 1400);
    expect(second, "the second token after the drain").to.be.within(1900, 2400);
  });

  it("applies a new limit from configure", async () => {
    const [a, b] = [limiter(60), limiter(60)];
    a.configure(120, 3);
    b.configure(120, 3);
    for (const instance of [a, b, a]) expect(await instance.acquire(SITE)).to.equal(0);
    const waited = await b.acquire(SITE);
    expect(waited, "the 4th token at 120 a minute").to.be.within(400, 800);
  });

  it("falls back when Redis is unreachable", async () => {
    const { logger, warnings } = capturingLogger();
    const url = `redis://:s3cret-pass@127.0.0.1:${await closedPort()}`;
    const instance = limiter(60, 2, { url, logger });
    const started = Date.now();
    expect(await instance.acquire(SITE)).to.equal(0);
    expect(await instance.acquire(SITE)).to.equal(0);
    expect(Date.now() - started, "time to fall back").to.be.below(1500);
    const waited = await instance.acquire(SITE);
    expect(waited, "the local bucket's 3rd token").to.be.within(900, 1500);
    expect(warnings(), "warnings").to.have.length(1);
    const warning = warnings()[0]!;
    expect(warning.msg).to.include("own token bucket");
    expect(JSON.stringify(warning)).not.to.include("s3cret-pass");
    expect(warning.redis).to.include("***");
  });

  it("uses Redis again after an outage", async () => {
    const relay = new RedisRelay();
    await relay.start();
    try {
      const { logger, lines, warnings } = capturingLogger();
      const instance = limiter(60, 60, { url: `redis://127.0.0.1:${relay.port}`, logger });
      const key = `${namespace}:ratelimit:${SITE}`;
      // The script writes Redis's time of the last take to `at`.
      const lastTake = async () => Number(await redis.hget(key, "at"));
      await instance.acquire(SITE);
      const before = await lastTake();
      expect(before, "a take recorded in Redis").to.be.above(0);

      await relay.stop();
      for (let i = 0; i < 5; i++) expect(await instance.acquire(SITE)).to.equal(0);
      expect(warnings(), "warnings during the outage").to.have.length(1);
      expect(await lastTake(), "no take in Redis during the outage").to.equal(before);

      await relay.start();
      await until(
        async () => {
          await instance.acquire(SITE);
          return (await lastTake()) > before;
        },
        10_000,
        "a token taken from Redis again",
      );
      expect(lines.some((line) => line.msg.includes("Redis is reachable again"))).to.equal(true);
      expect(warnings()).to.have.length(1);
    } finally {
      await relay.stop();
    }
  });
});

describe("two worker processes on one site with a low rate limit", function () {
  this.timeout(60_000);
  // The sandbox responds 429 past 120 calls a minute. Each worker is set 2 below that, because a
  // token taken in Redis reaches the sandbox a few milliseconds later.
  // Item events go to one process at a time (single active consumer per shard), and connection
  // tests go to both in turn, so both processes call Wix. Each new item costs one create call and
  // each connection test one version call: 140 calls, 20 more than a minute's allowance.
  const SANDBOX_LIMIT = 120;
  const WORKER_LIMIT = 118;
  const ITEMS = 60;
  const CONNECTION_TESTS = 80;
  let sandbox: Sandbox;
  let workers: WorkerProcess[] = [];
  let dir: string;
  let namespace: string;
  let connection: ChannelModel | null = null;

  /** Starts the two workers, then publishes the items and the connection tests at once. */
  async function start(env: Record<string, string>) {
    namespace = uniqueNamespace("ratelimit-procs");
    sandbox = await startSandbox({ catalogVersion: "V3", rateLimitPerMinute: SANDBOX_LIMIT });
    dir = mkdtempSync(path.join(tmpdir(), "wix-ratelimit-"));
    workers = ["r1", "r2"].map((id) =>
      spawnWorker(id, namespace, sandbox, dir, AMQP_URL, {
        WIX_TEST_RATE_LIMIT_PER_MINUTE: String(WORKER_LIMIT),
        WIX_SHUTDOWN_GRACE_MS: "1000",
        ...env,
      }),
    );
    await Promise.all(workers.map((worker) => worker.ready));

    connection = await connect(AMQP_URL);
    const channel = await connection.createConfirmChannel();
    const { queue } = await channel.assertQueue("", { exclusive: true, autoDelete: true });
    const replies: ConnectionTestReply[] = [];
    await channel.consume(
      queue,
      (message) => {
        if (message)
          replies.push(decode("connection-test-reply", JSON.parse(String(message.content))));
      },
      { noAck: true },
    );

    const events = Array.from({ length: ITEMS }, (_, index) =>
      upsertEvent(erpItem(`LIMIT-${index + 1}`)),
    );
    for (const event of events) await publishItemEvent(channel, namespace, event);

    for (let index = 0; index < CONNECTION_TESTS; index++) {
      const requestId = randomUUID();
      const request = {
        schema_version: 1,
        type: "connection.test.request",
        request_id: requestId,
        requested_at: new Date().toISOString(),
        site: "shop.example.com",
        timeout_ms: 30_000,
      };
      channel.publish(
        topologyNames(namespace).exchange,
        "connection.test",
        Buffer.from(JSON.stringify(request)),
        { replyTo: queue, correlationId: requestId },
      );
    }
    await channel.waitForConfirms();
    return { eventIds: events.map((event) => event.event_id), replies };
  }

  afterEach(async () => {
    for (const worker of workers) worker.child.kill("SIGTERM");
    await Promise.all(workers.map((worker) => worker.exited));
    workers = [];
    if (connection) {
      await deleteNamespace(await connection.createConfirmChannel(), namespace).catch(
        () => undefined,
      );
      await connection.close().catch(() => undefined);
      connection = null;
    }
    await sandbox?.close();
    rmSync(dir, { recursive: true, force: true });
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`${namespace}:*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  });

  it("get no 429 sharing one bucket", async () => {
    const started = Date.now();
    const { eventIds, replies } = await start({});
    const results = await waitForResults(
      workers.map((worker) => worker.resultsFile),
      eventIds,
      45_000,
    );
    await until(async () => replies.length === CONNECTION_TESTS, 45_000, "every reply");
    const seconds = (Date.now() - started) / 1000;
    const { calls } = sandbox.dump();
    expect(calls.byStatus["429"] ?? 0, "429 responses").to.equal(0);
    expect(calls.total, "calls, more than a minute's allowance").to.be.above(SANDBOX_LIMIT);
    const minimum = ((calls.total - WORKER_LIMIT) * 60) / WORKER_LIMIT;
    expect(seconds, "seconds spent waiting for tokens").to.be.above(minimum - 1);
    expect(results.every((result) => result.status === "Success")).to.equal(true);
    expect(replies.every((reply) => reply.ok)).to.equal(true);
    const answeredBy = new Set(replies.map((reply) => reply.worker_id));
    expect([...answeredBy].sort(), "processes that called Wix").to.deep.equal(["r1", "r2"]);
  });

  it("get 429s with a bucket each", async () => {
    await start({ WIX_TEST_LOCAL_RATE_LIMIT: "1" });
    await until(
      async () => (sandbox.dump().calls.byStatus["429"] ?? 0) > 0,
      30_000,
      "a 429 from the sandbox",
    );
  });
});
