// The machine and software versions a benchmark ran on, for the header of docs/benchmarks.md.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import os from "node:os";

import amqp from "amqplib";

export interface MachineInfo {
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  os: string;
  kernel: string;
  node: string;
  rabbitmq: string;
  erlang: string;
  redis: string;
  frappe: string;
}

function run(command: string, args: string[]): string {
  try {
    return execFileSync(command, args, { encoding: "utf8", timeout: 15_000 }).trim();
  } catch {
    return "";
  }
}

function osName(): string {
  try {
    const release = readFileSync("/etc/os-release", "utf8");
    return release.match(/^PRETTY_NAME="?([^"\n]+)"?/m)?.[1] ?? os.type();
  } catch {
    return os.type();
  }
}

/** Read the broker's version from the AMQP handshake, which needs no management plugin. */
async function brokerVersions(amqpUrl: string): Promise<{ rabbitmq: string; erlang: string }> {
  try {
    const connection = await amqp.connect(amqpUrl, { timeout: 5000 });
    const properties = (
      connection as unknown as { connection: { serverProperties: Record<string, string> } }
    ).connection.serverProperties;
    await connection.close();
    return {
      rabbitmq: String(properties.version ?? "unknown"),
      erlang: String(properties.platform ?? "unknown"),
    };
  } catch (error) {
    return { rabbitmq: `unreachable (${(error as Error).message})`, erlang: "unknown" };
  }
}

export async function describeMachine(amqpUrl: string, benchPath: string): Promise<MachineInfo> {
  const redisInfo = run("redis-cli", ["-h", "127.0.0.1", "INFO", "server"]);
  let frappe = "no bench";
  try {
    const init = readFileSync(`${benchPath}/apps/frappe/frappe/__init__.py`, "utf8");
    frappe = init.match(/__version__\s*=\s*"([^"]+)"/)?.[1] ?? "unknown";
  } catch {
    // no bench on this machine
  }
  return {
    cpus: os.availableParallelism(),
    cpuModel: os.cpus()[0]?.model ?? "unknown",
    memoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    os: osName(),
    kernel: os.release(),
    node: process.version,
    ...(await brokerVersions(amqpUrl)),
    redis: redisInfo.match(/redis_version:(\S+)/)?.[1] ?? "unknown",
    frappe,
  };
}
