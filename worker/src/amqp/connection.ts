import { connect, type ChannelModel } from "amqplib";

import { backoffDelay, sleep } from "../backoff.js";
import { displayUrl } from "../display-url.js";
import type { Logger } from "../logger.js";

export interface ReconnectingConnectionOptions {
  url: string;
  logger: Logger;
  /** Sets up channels and consumers on a fresh connection; a throw closes it and schedules a reconnect. */
  onConnect: (connection: ChannelModel) => Promise<void>;
  /** Called once per lost connection, before the reconnect delay. */
  onDisconnect?: (error: Error | undefined) => void;
  baseDelayMs?: number;
  maxDelayMs?: number;
}

/**
 * Keeps one AMQP connection open: connects, runs `onConnect`, and after a broker restart or network
 * loss reconnects with exponential backoff and runs `onConnect` again (which re-declares the topology).
 */
export class ReconnectingConnection {
  private connection: ChannelModel | null = null;
  private stopping = false;
  private readonly abort = new AbortController();
  private firstConnect: Promise<void> | null = null;
  connected = false;
  reconnects = 0;

  constructor(private readonly options: ReconnectingConnectionOptions) {}

  /** Resolves after the first successful connection and setup; retries until then. */
  start(): Promise<void> {
    this.firstConnect ??= this.loop();
    return this.firstConnect;
  }

  private async loop(): Promise<void> {
    const { logger, url } = this.options;
    for (let attempt = 1; !this.stopping; attempt++) {
      try {
        await this.open();
        return;
      } catch (error) {
        if (this.stopping) return;
        const delayMs = backoffDelay(attempt, {
          baseMs: this.options.baseDelayMs ?? 500,
          maxMs: this.options.maxDelayMs ?? 15_000,
        });
        logger.warn(
          { err: error, attempt, delay_ms: delayMs, amqp_url: displayUrl(url) },
          "Cannot connect to RabbitMQ; retrying",
        );
        await sleep(delayMs, this.abort.signal).catch(() => undefined);
      }
    }
  }

  private async open(): Promise<void> {
    const connection = await connect(this.options.url, {
      clientProperties: { connection_name: "wix-worker" },
    });
    let lost = false;
    const onLost = (error?: Error) => {
      if (lost) return;
      lost = true;
      this.connected = false;
      this.connection = null;
      if (this.stopping) return;
      this.options.logger.warn({ err: error }, "RabbitMQ connection lost; reconnecting");
      this.options.onDisconnect?.(error);
      this.reconnects++;
      void this.loop();
    };
    connection.on("error", (error: Error) =>
      this.options.logger.warn({ err: error }, "RabbitMQ connection error"),
    );
    connection.on("close", onLost);
    try {
      await this.options.onConnect(connection);
    } catch (error) {
      lost = true;
      await connection.close().catch(() => undefined);
      throw error;
    }
    this.connection = connection;
    this.connected = true;
    this.options.logger.info({ amqp_url: displayUrl(this.options.url) }, "Connected to RabbitMQ");
  }

  /** Closes the connection for a lost channel, so the reconnect path sets everything up again. */
  async recycle(reason: string): Promise<void> {
    this.options.logger.warn({ reason }, "Reopening the RabbitMQ connection");
    await this.connection?.close().catch(() => undefined);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.abort.abort();
    const connection = this.connection;
    this.connection = null;
    this.connected = false;
    await connection?.close().catch(() => undefined);
  }
}
