import { randomUUID } from "node:crypto";
import { hostname } from "node:os";

import type { Channel, ChannelModel, ConfirmChannel, ConsumeMessage } from "amqplib";

import { ReconnectingConnection } from "./amqp/connection.js";
import { DEFAULT_RETRY_DELAYS_MS, HEADERS, topologyNames } from "./amqp/names.js";
import { publishConfirmed } from "./amqp/publish.js";
import { declareTopology } from "./amqp/topology.js";
import { backoffDelay, sleep } from "./backoff.js";
import {
  configFromEnv,
  HEARTBEAT_INTERVAL_MS,
  missingCredentialsWarning,
  readEnv,
} from "./config.js";
import { runConnectionTest } from "./consumer/connection-test.js";
import {
  attemptsOf,
  handleBulkBatch,
  crashDecision,
  handleItemEvent,
  itemCodeOf,
  unreadableResult,
  type HandlerDecision,
} from "./consumer/item-handler.js";
import { BulkBatcher } from "./consumer/bulk-batcher.js";
import { KeyedQueue } from "./consumer/keyed-queue.js";
import { DEFAULT_MAX_MESSAGE_BYTES, parseItemMessage } from "./consumer/parse.js";
import {
  ContractViolation,
  decode,
  SCHEMA_VERSION,
  topology,
  type SyncResult,
  type WorkerConfig,
} from "./contract/index.js";
import { FrappeClient } from "./frappe/client.js";
import { startHttpServer } from "./http/server.js";
import { createLogger, type Logger } from "./logger.js";
import { createMetrics, type Metrics } from "./metrics.js";
import { fileResultSink, frappeResultSink, type ResultSink } from "./results/sinks.js";
import { SyncRuntime } from "./sync/context.js";
import {
  MemoryItemStateStore,
  RedisItemStateStore,
  type ItemStateStore,
} from "./sync/item-state.js";
import { WixError } from "./wix/errors.js";
import { SiteRateLimiter, type RateLimiter } from "./wix/rate-limiter.js";
import { RedisSiteRateLimiter } from "./wix/redis-rate-limiter.js";

export const WORKER_VERSION = "0.1.0";
/** Part of the grace period kept for logging and exiting after the last stop step. */
const STOP_MARGIN_MS = 1000;

export interface WorkerOptions {
  /** AMQP URL; default WIX_AMQP_URL or amqp://guest:guest@127.0.0.1:5672/%2F. */
  amqpUrl?: string;
  /** Prefix of exchange and queue names; default WIX_NAMESPACE or "wix_integration" (topology.json). */
  namespace?: string;
  /** The worker-config document, or a function that fetches it (called at start and on settings.changed). Default: Frappe get_config when WIX_FRAPPE_URL is set, else built from the environment. */
  config?: WorkerConfig | (() => Promise<WorkerConfig>);
  /** Destination of sync results; default Frappe report_result, or a JSONL file (WIX_RESULTS_FILE) without Frappe. */
  results?: ResultSink;
  /** Port for /healthz and /metrics; null (the default unless WIX_HTTP_PORT is set) serves neither. 0 picks a free port. */
  httpPort?: number | null;
  /** Unacknowledged messages per shard queue consumer; default WIX_PREFETCH or 50. */
  prefetch?: number;
  workerId?: string;
  logger?: Logger;
  /** Item state shared by worker processes; default Redis at WIX_REDIS_URL, or memory in env-only mode. */
  stateStore?: ItemStateStore;
  /** Redis URL for the default state store and rate limiter; null keeps both in this process. */
  redisUrl?: string | null;
  /** Per-site token buckets for Wix calls; default shared through Redis at redisUrl, or in this process without it. */
  rateLimiter?: RateLimiter;
  /** Delays of the retry queues in milliseconds, one per attempt; default WIX_RETRY_DELAYS_MS or 1 s up to 10 min. */
  retryDelaysMs?: number[];
  /** Largest item message read, in bytes; larger ones are parked. Default 1 MiB. */
  maxMessageBytes?: number;
  /** Interval of the Frappe heartbeat, in milliseconds; default 15000. */
  heartbeatIntervalMs?: number;
  /** How long a bulk-trigger upsert waits for others to share a V3 bulk call, in milliseconds; default 250. */
  bulkLingerMs?: number;
  /** Maximum time stop() takes, in milliseconds; default WIX_SHUTDOWN_GRACE_MS or 25000. */
  shutdownGraceMs?: number;
  /** Frappe connection for get_config, report_result and heartbeat; default from WIX_FRAPPE_* variables. */
  frappe?: { url: string; apiKey: string; apiSecret: string } | null;
}

export interface WorkerStats {
  processed: number;
  failed: number;
  retried: number;
  inFlight: number;
  parked: number;
  resultsDelivered: number;
  reconnects: number;
  wixCalls: number;
}

export interface WorkerHandle {
  /** Stops consuming, finishes and acknowledges what is in flight, delivers pending results, closes. */
  stop(): Promise<void>;
  stats(): WorkerStats;
  readonly workerId: string;
  /** Port of the HTTP server, when one runs. */
  readonly httpPort: number | null;
  readonly metrics: Metrics;
}

interface Session {
  channel: Channel;
  publisher: ConfirmChannel;
  itemConsumers: string[];
  otherConsumers: string[];
  closed: boolean;
}

function frappeFromEnv(env: ReturnType<typeof readEnv>) {
  if (!env.frappeUrl) return null;
  if (!env.frappeApiKey || !env.frappeApiSecret) {
    throw new Error(
      "WIX_FRAPPE_URL is set but WIX_FRAPPE_API_KEY or WIX_FRAPPE_API_SECRET is missing; set both",
    );
  }
  return { url: env.frappeUrl, apiKey: env.frappeApiKey, apiSecret: env.frappeApiSecret };
}

/** Declares the topology, starts consuming item events, and returns a handle to stop the worker. */
export async function startWorker(options: WorkerOptions = {}): Promise<WorkerHandle> {
  const env = readEnv();
  const namespace = options.namespace ?? env.namespace ?? topology.exchange.name;
  const names = topologyNames(namespace);
  const workerId =
    options.workerId ?? env.workerId ?? `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
  const logger = (options.logger ?? createLogger()).child({ worker_id: workerId, namespace });
  const metrics = createMetrics();
  const frappeSettings = options.frappe === undefined ? frappeFromEnv(env) : options.frappe;
  const frappe = frappeSettings ? new FrappeClient(frappeSettings) : null;
  const sink =
    options.results ?? (frappe ? frappeResultSink(frappe) : fileResultSink(env.resultsFile));
  const redisUrl = options.redisUrl === undefined ? env.redisUrl : options.redisUrl;
  const store =
    options.stateStore ??
    (redisUrl ? new RedisItemStateStore(redisUrl, namespace) : new MemoryItemStateStore());
  const ownsStore = !options.stateStore;
  // Every process of the namespace takes its Wix tokens from one bucket per site in Redis.
  const rateLimiter: RateLimiter =
    options.rateLimiter ??
    (redisUrl
      ? new RedisSiteRateLimiter({ url: redisUrl, namespace, logger })
      : new SiteRateLimiter(200));
  const ownsRateLimiter = !options.rateLimiter;
  const runtime = new SyncRuntime(logger, metrics, store, rateLimiter);
  const retryDelays = [
    ...new Set(options.retryDelaysMs ?? env.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS),
  ].sort((a, b) => a - b);
  const prefetch = options.prefetch ?? env.prefetch;
  const shutdownGraceMs = options.shutdownGraceMs ?? env.shutdownGraceMs;
  const maxMessageBytes = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
  const startedAt = new Date().toISOString();

  const fetchConfig: () => Promise<WorkerConfig> =
    typeof options.config === "function"
      ? options.config
      : options.config
        ? async () => options.config as WorkerConfig
        : frappe
          ? () => frappe.getConfig()
          : async () => configFromEnv();
  let configPromise: Promise<WorkerConfig> | null = null;
  let lastConfig: WorkerConfig | null = null;
  const currentConfig = async (): Promise<WorkerConfig> => {
    configPromise ??= fetchConfig().then((config) => {
      lastConfig = config;
      return config;
    });
    try {
      return await configPromise;
    } catch (error) {
      configPromise = null;
      if (lastConfig) return lastConfig;
      throw new WixError({
        code: "CONFIG_UNAVAILABLE",
        message: `Cannot load the worker config: ${error instanceof Error ? error.message : String(error)}`,
        permanent: false,
        cause: error,
      });
    }
  };
  const refreshConfig = () => {
    configPromise = null;
    return currentConfig();
  };

  const counts = { processed: 0, failed: 0, retried: 0, parked: 0, resultsDelivered: 0 };
  const inFlight = new Set<Promise<void>>();
  const delivering = new Set<Promise<void>>();
  const keyed = new KeyedQueue();
  const stopSignal = new AbortController();
  let session: Session | null = null;
  let stopping = false;

  const deps = { runtime, config: currentConfig, logger, metrics, workerId };
  const bulk = new BulkBatcher<HandlerDecision>(
    (entries) => handleBulkBatch(entries, deps),
    options.bulkLingerMs ?? 250,
  );

  // Publishes a result to the durable results queue and waits for the broker's confirm, so a result
  // survives a crash between here and the ack of its item message.
  async function enqueueResult(current: Session, result: SyncResult): Promise<void> {
    await publishConfirmed(
      current.publisher,
      "",
      names.resultsQueue,
      Buffer.from(JSON.stringify(result)),
      {
        persistent: true,
        contentType: "application/json",
        messageId: result.event_id,
        type: result.type,
      },
    );
  }

  async function park(
    current: Session,
    message: ConsumeMessage,
    code: string,
    reason: string,
  ): Promise<void> {
    await publishConfirmed(current.publisher, "", names.parkingQueue, message.content, {
      persistent: true,
      contentType: message.properties.contentType ?? "application/json",
      ...(message.properties.messageId ? { messageId: message.properties.messageId } : {}),
      headers: {
        ...(message.properties.headers ?? {}),
        [HEADERS.parkCode]: code,
        [HEADERS.parkReason]: reason.slice(0, 2000),
        [HEADERS.originalRoutingKey]: message.fields.routingKey,
      },
    });
    counts.parked++;
    metrics.parked.inc({ code });
    logger.warn(
      { code, reason: reason.slice(0, 500), routing_key: message.fields.routingKey },
      "Parked a message",
    );
  }

  async function scheduleRetry(
    current: Session,
    message: ConsumeMessage,
    error: WixError,
    attempts: number,
  ) {
    // Retry n waits the n-th configured delay (the last one from then on), or longer when Wix
    // asked for it with Retry-After.
    const planned = retryDelays[Math.min(attempts, retryDelays.length) - 1]!;
    const wanted = Math.max(planned, error.retryAfterMs ?? 0);
    const delay = retryDelays.find((candidate) => candidate >= wanted) ?? retryDelays.at(-1)!;
    await publishConfirmed(
      current.publisher,
      names.retryExchange,
      message.fields.routingKey,
      message.content,
      {
        persistent: true,
        contentType: message.properties.contentType ?? "application/json",
        ...(message.properties.messageId ? { messageId: message.properties.messageId } : {}),
        headers: {
          ...(message.properties.headers ?? {}),
          [HEADERS.attempts]: attempts,
          [HEADERS.retryDelay]: String(delay),
        },
      },
    );
    counts.retried++;
    metrics.retried.inc();
    logger.warn(
      {
        event_id: message.properties.messageId,
        attempt: attempts,
        delay_ms: delay,
        code: error.code,
        err: error.message,
      },
      "Item sync failed with a transient error; retrying later",
    );
  }

  function countResult(result: SyncResult) {
    counts.processed++;
    metrics.processed.inc({ status: result.status, operation: result.operation });
    if (result.status === "Failed") {
      counts.failed++;
      metrics.failed.inc({ code: result.error?.code ?? "UNKNOWN" });
    }
  }

  async function processItem(current: Session, message: ConsumeMessage): Promise<void> {
    // A message of a lost connection is redelivered on the new one; working on it here too would
    // only repeat Wix calls.
    if (current.closed) return;

    const started = performance.now();
    const attempts = attemptsOf(message, HEADERS.attempts) + 1;
    const parsed = parseItemMessage(message.content, maxMessageBytes);
    if (!parsed.ok) {
      const result = unreadableResult(parsed, attempts, started, workerId);
      if (result) {
        await enqueueResult(current, result);
        countResult(result);
      }
      await park(current, message, parsed.code, parsed.reason);
      current.channel.ack(message);
      return;
    }

    const event = parsed.event;
    metrics.queueLagSeconds.observe(
      Math.max(0, (Date.now() - Date.parse(event.occurred_at)) / 1000),
    );
    let decision: HandlerDecision;
    try {
      decision =
        event.type === "item.upsert" && event.trigger === "bulk"
          ? await bulk.submit(event, attempts, started)
          : await handleItemEvent(event, attempts, deps, started);
    } catch (error) {
      logger.error(
        { err: error, event_id: event.event_id, item_code: itemCodeOf(event) },
        "Item sync failed unexpectedly",
      );
      const retryAttempts = (lastConfig as WorkerConfig | null)?.retry_attempts ?? 3;
      decision = crashDecision(event, error, attempts, retryAttempts, started, workerId);
    }

    if (current.closed) return; // The broker redelivers it; the item state makes the repeat cheap.
    if (decision.kind === "retry") {
      await scheduleRetry(current, message, decision.error, decision.attempts);
    } else {
      await enqueueResult(current, decision.result);
      countResult(decision.result);
      if (decision.kind === "exhausted")
        await park(current, message, "RETRIES_EXHAUSTED", decision.error.message);
    }
    current.channel.ack(message);
  }

  function onItemMessage(current: Session, message: ConsumeMessage | null) {
    if (!message) return;
    const key = peekItemCode(message.content) ?? `message:${message.fields.deliveryTag}`;
    metrics.inFlight.inc();
    const task = keyed
      .run(key, () => processItem(current, message))
      .catch((error: unknown) => {
        logger.error(
          { err: error, routing_key: message.fields.routingKey },
          "Could not finish an item message; it will be redelivered",
        );
        if (!current.closed) void connection.recycle("a publish or ack failed");
      })
      .finally(() => {
        metrics.inFlight.dec();
        inFlight.delete(task);
      });
    inFlight.add(task);
  }

  async function deliverResult(current: Session, message: ConsumeMessage): Promise<void> {
    let result: SyncResult;
    try {
      result = decode("sync-result", JSON.parse(message.content.toString("utf8")));
    } catch (error) {
      const reason =
        error instanceof ContractViolation ? error.message : `not JSON: ${String(error)}`;
      await park(current, message, "INVALID_RESULT", reason);
      current.channel.ack(message);
      return;
    }
    let attempt = 0;
    for (;;) {
      attempt++;
      try {
        await sink.deliver(result);
        break;
      } catch (error) {
        if (attempt === 1) metrics.resultsPending.inc();
        const delayMs = backoffDelay(attempt, { baseMs: 500, maxMs: 30_000 });
        // Log the first failures and then every tenth, so an outage does not flood the log.
        const level = attempt <= 3 || attempt % 10 === 0 ? "warn" : "debug";
        logger[level](
          {
            err: error instanceof Error ? error.message : String(error),
            event_id: result.event_id,
            attempt,
            delay_ms: delayMs,
            sink: sink.description,
          },
          "Could not deliver a sync result; retrying",
        );
        if (stopping || current.closed) {
          metrics.resultsPending.dec();
          if (!current.closed) current.channel.nack(message, false, true);
          return;
        }
        await sleep(delayMs, stopSignal.signal).catch(() => undefined);
      }
    }
    if (attempt > 1) metrics.resultsPending.dec();
    counts.resultsDelivered++;
    if (!current.closed) current.channel.ack(message);
  }

  function onResultMessage(current: Session, message: ConsumeMessage | null) {
    if (!message) return;
    const task = deliverResult(current, message)
      .catch((error: unknown) =>
        logger.error({ err: error }, "Result delivery failed; the broker redelivers it"),
      )
      .finally(() => delivering.delete(task));
    delivering.add(task);
  }

  async function onControlMessage(current: Session, message: ConsumeMessage | null) {
    if (!message) return;
    try {
      let request;
      try {
        request = decode("connection-test-request", JSON.parse(message.content.toString("utf8")));
      } catch (error) {
        await park(
          current,
          message,
          "INVALID_CONNECTION_TEST",
          error instanceof Error ? error.message : String(error),
        );
        current.channel.ack(message);
        return;
      }
      const config = await currentConfig().catch(() => null);
      const reply = await runConnectionTest(request, config, runtime, workerId);
      const replyTo = message.properties.replyTo as string | undefined;
      if (replyTo) {
        current.publisher.publish("", replyTo, Buffer.from(JSON.stringify(reply)), {
          contentType: "application/json",
          correlationId: message.properties.correlationId ?? request.request_id,
          type: reply.type,
        });
      } else {
        logger.warn(
          { request_id: request.request_id },
          "Connection test request has no reply_to; dropped the reply",
        );
      }
      logger.info({ request_id: request.request_id, ok: reply.ok }, "Answered a connection test");
      if (!current.closed) current.channel.ack(message);
    } catch (error) {
      logger.error({ err: error }, "Connection test failed");
      if (!current.closed) current.channel.nack(message, false, false);
    }
  }

  async function onSettingsMessage(message: ConsumeMessage | null) {
    if (!message) return;
    let fields: string[] = [];
    try {
      fields = decode(
        "settings-changed",
        JSON.parse(message.content.toString("utf8")),
      ).changed_fields;
    } catch (error) {
      logger.warn(
        { err: error instanceof Error ? error.message : String(error) },
        "Ignored an invalid settings.changed message",
      );
      return;
    }
    try {
      const config = await refreshConfig();
      logger.info(
        { changed_fields: fields, enabled: config.enabled, test_mode: config.test_mode },
        "Reloaded the worker config",
      );
    } catch (error) {
      logger.error(
        { err: error instanceof Error ? error.message : String(error) },
        "Could not reload the worker config",
      );
    }
  }

  async function setupSession(model: ChannelModel): Promise<void> {
    const channel = await model.createChannel();
    const publisher = await model.createConfirmChannel();
    const current: Session = {
      channel,
      publisher,
      itemConsumers: [],
      otherConsumers: [],
      closed: false,
    };
    const markClosed = () => {
      if (current.closed) return;
      current.closed = true;
      if (!stopping) void connection.recycle("a channel closed");
    };
    channel.on("close", markClosed);
    publisher.on("close", markClosed);
    channel.on("error", (error: Error) => logger.warn({ err: error }, "RabbitMQ channel error"));
    publisher.on("error", (error: Error) =>
      logger.warn({ err: error }, "RabbitMQ publisher channel error"),
    );

    await declareTopology(channel, namespace, { retryDelaysMs: retryDelays });
    await channel.prefetch(prefetch);
    for (let shard = 0; shard < topology.item_shards; shard++) {
      const { consumerTag } = await channel.consume(
        names.itemQueue(shard),
        (message) => onItemMessage(current, message),
        {
          noAck: false,
        },
      );
      current.itemConsumers.push(consumerTag);
    }
    await channel.prefetch(Math.max(10, Math.min(prefetch, 100)));
    const results = await channel.consume(names.resultsQueue, (message) =>
      onResultMessage(current, message),
    );
    await channel.prefetch(1);
    const control = await channel.consume(
      names.controlQueue,
      (message) => void onControlMessage(current, message),
    );
    const settingsQueue = await channel.assertQueue("", { exclusive: true, autoDelete: true });
    await channel.bindQueue(settingsQueue.queue, names.exchange, "settings.changed");
    const settings = await channel.consume(
      settingsQueue.queue,
      (message) => void onSettingsMessage(message),
      { noAck: true },
    );
    current.otherConsumers.push(results.consumerTag, control.consumerTag, settings.consumerTag);
    session = current;
  }

  const connection = new ReconnectingConnection({
    url: options.amqpUrl ?? env.amqpUrl,
    logger,
    onConnect: setupSession,
    onDisconnect: () => {
      if (session) session.closed = true;
    },
  });

  async function sendHeartbeat() {
    const heartbeat = decode("heartbeat", {
      schema_version: SCHEMA_VERSION,
      type: "worker.heartbeat",
      worker_id: workerId,
      hostname: hostname().slice(0, 255),
      pid: process.pid,
      version: WORKER_VERSION,
      started_at: startedAt,
      sent_at: new Date().toISOString(),
      catalog_version: await catalogVersionForHeartbeat(),
      stats: {
        processed: counts.processed,
        failed: counts.failed,
        retried: counts.retried,
        in_flight: inFlight.size,
      },
    });
    if (!frappe) {
      logger.debug({ stats: heartbeat.stats }, "Heartbeat");
      return;
    }
    await frappe
      .heartbeat(heartbeat)
      .catch((error: unknown) =>
        logger.warn(
          { err: error instanceof Error ? error.message : String(error) },
          "Heartbeat to Frappe failed",
        ),
      );
  }

  async function catalogVersionForHeartbeat(): Promise<"V1" | "V3" | null> {
    const config = lastConfig as WorkerConfig | null;
    if (config?.catalog_version) return config.catalog_version;
    if (!config?.site_id) return null;
    const known = await runtime.catalogVersions.peek(config.site_id);
    return known === "V1" || known === "V3" ? known : null;
  }

  if (!frappe && options.config === undefined) {
    const warning = missingCredentialsWarning();
    if (warning) logger.warn(warning);
  }
  await connection.start();
  void currentConfig().catch((error: unknown) =>
    logger.warn(
      { err: error instanceof Error ? error.message : String(error) },
      "Could not load the worker config yet",
    ),
  );
  void sendHeartbeat();
  const heartbeatTimer = setInterval(
    () => void sendHeartbeat(),
    options.heartbeatIntervalMs ?? HEARTBEAT_INTERVAL_MS,
  );
  heartbeatTimer.unref();

  const httpPortOption = options.httpPort === undefined ? env.httpPort : options.httpPort;
  const http =
    httpPortOption === null
      ? null
      : await startHttpServer(
          httpPortOption,
          () => ({
            ok: connection.connected && !stopping,
            worker_id: workerId,
            broker: { connected: connection.connected, reconnects: connection.reconnects },
            in_flight: inFlight.size,
            processed: counts.processed,
            failed: counts.failed,
            retried: counts.retried,
            parked: counts.parked,
          }),
          metrics.registry,
        );
  logger.info(
    { sink: sink.description, prefetch, http_port: http?.port ?? null },
    "Worker started",
  );

  return {
    workerId,
    httpPort: http?.port ?? null,
    metrics,
    stats: () => ({
      ...counts,
      inFlight: inFlight.size,
      reconnects: connection.reconnects,
      wixCalls: runtime.wixCalls,
    }),
    async stop() {
      if (stopping) return;
      stopping = true;
      logger.info({ in_flight: inFlight.size }, "Stopping: finishing the events in flight");
      // Each step waits only until the grace period's end, so an unreachable broker, Frappe or
      // Redis cannot hold the stop. RabbitMQ redelivers whatever is left unacknowledged.
      const deadline = Date.now() + Math.max(0, shutdownGraceMs - STOP_MARGIN_MS);
      const within = async (step: string, work: () => Promise<unknown>) => {
        const remaining = deadline - Date.now();
        let timer: NodeJS.Timeout | undefined;
        const late = new Promise<"late">((resolve) => {
          timer = setTimeout(() => resolve("late"), Math.max(0, remaining));
        });
        const outcome = await Promise.race([work().catch(() => undefined), late]);
        clearTimeout(timer);
        if (outcome === "late")
          logger.warn(
            { step, in_flight: inFlight.size },
            "Stop step ran out of grace time; skipped",
          );
      };
      const current = session as Session | null;
      const cancel = async (tags: string[]) => {
        if (!current || current.closed) return;
        for (const tag of tags) await current.channel.cancel(tag).catch(() => undefined);
      };
      await within("cancel item consumers", () => cancel(current?.itemConsumers ?? []));
      await within("finish events in flight", () => Promise.allSettled([...inFlight]));
      await within("cancel other consumers", () => cancel(current?.otherConsumers ?? []));
      stopSignal.abort();
      await within("deliver results", () => Promise.allSettled([...delivering]));
      clearInterval(heartbeatTimer);
      await within("close the RabbitMQ connection", () => connection.stop());
      await within("close the HTTP server", async () => http?.close());
      if (ownsStore) await within("close the item state store", () => store.close());
      if (ownsRateLimiter)
        await within("close the rate limiter", async () => rateLimiter.close?.());
      await within("close the result sink", async () => sink.close?.());
      logger.info({ ...counts }, "Worker stopped");
    },
  };
}

/** Reads item_code from a message without validating it, to serialise events of one item. */
function peekItemCode(content: Buffer): string | null {
  if (content.length > DEFAULT_MAX_MESSAGE_BYTES) return null;
  try {
    const body = JSON.parse(content.toString("utf8")) as {
      item?: { item_code?: unknown };
      item_code?: unknown;
    };
    const code = body.item?.item_code ?? body.item_code;
    return typeof code === "string" ? `item:${code}` : null;
  } catch {
    return null;
  }
}
