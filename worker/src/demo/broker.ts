import amqplib, { type ChannelModel } from "amqplib";

import { topology } from "../contract/index.js";
import { namespaceQueues, topologyNames } from "../amqp/names.js";
import { displayUrl } from "../display-url.js";

const CONNECT_TIMEOUT_MS = 5_000;

/** RabbitMQ could not be reached; the message names the URL (password hidden) and how to start it. */
export class BrokerUnreachable extends Error {
  override name = "BrokerUnreachable";
}

export async function connectBroker(url: string): Promise<ChannelModel> {
  try {
    return await amqplib.connect(url, { timeout: CONNECT_TIMEOUT_MS });
  } catch (error) {
    const reason = (error as Error).message || String(error);
    throw new BrokerUnreachable(
      `RabbitMQ is not reachable at ${displayUrl(url)} (${reason}).\n` +
        "Start it, for example with `sudo systemctl start rabbitmq-server` or\n" +
        "`docker run -d --name rabbitmq -p 127.0.0.1:5672:5672 rabbitmq:3`, or point WIX_AMQP_URL at a running broker.",
      { cause: error },
    );
  }
}

/** Returns a namespace of its own for one demo run, so the demo never consumes a real installation's queues. */
export function demoNamespace(): string {
  return `${topology.exchange.name}.demo.${process.pid}.${Date.now().toString(36)}`;
}

/**
 * Deletes the queues and exchanges the worker declared for a demo namespace. Each delete runs on its
 * own channel because RabbitMQ closes a channel on the first error (for example a queue already gone).
 */
export async function deleteNamespace(connection: ChannelModel, namespace: string): Promise<void> {
  const names = topologyNames(namespace);
  for (const queue of namespaceQueues(namespace))
    await onChannel(connection, (channel) => channel.deleteQueue(queue));
  for (const exchange of [names.exchange, names.retryExchange]) {
    await onChannel(connection, (channel) => channel.deleteExchange(exchange));
  }
}

async function onChannel(
  connection: ChannelModel,
  action: (channel: amqplib.Channel) => Promise<unknown>,
): Promise<void> {
  const channel = await connection.createChannel();
  channel.on("error", () => undefined);
  try {
    await action(channel);
    await channel.close();
  } catch {
    // The entity was already gone or the channel closed, so nothing is left to delete.
  }
}
