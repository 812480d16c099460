import { execFile, spawn } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createConnection } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/** A RabbitMQ node of the test's own, on a loopback port of its own, that the test may stop and restart. */
export interface PrivateBroker {
  url: string;
  /** Stops and starts the RabbitMQ application; durable queues and persistent messages survive. */
  restart(downMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export const RABBITMQ_SERVER = "/usr/sbin/rabbitmq-server";

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: "127.0.0.1", port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on("error", () => resolve(false));
  });
}

async function waitForPort(port: number, open: boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await portOpen(port)) !== open) {
    if (Date.now() > deadline)
      throw new Error(
        `RabbitMQ port ${port} did not ${open ? "open" : "close"} within ${timeoutMs} ms`,
      );
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Starts a private RabbitMQ node; takes about 15 s on 2 cores. */
export async function startPrivateBroker(port = 5699): Promise<PrivateBroker> {
  if (!existsSync(RABBITMQ_SERVER)) throw new Error(`${RABBITMQ_SERVER} is not installed`);
  if (await portOpen(port)) throw new Error(`port ${port} is already in use`);
  const dir = mkdtempSync(path.join(tmpdir(), "wix-rabbit-"));
  mkdirSync(path.join(dir, "mnesia"));
  mkdirSync(path.join(dir, "log"));
  writeFileSync(path.join(dir, "plugins"), "[].\n");
  writeFileSync(path.join(dir, "rabbitmq.conf"), "loopback_users = none\n");
  // rabbitmq-server drops root privileges to the rabbitmq user, which must be able to write here.
  for (const entry of ["", "mnesia", "log", "plugins", "rabbitmq.conf"])
    chmodSync(path.join(dir, entry), 0o777);
  const node = `wixtest-${process.pid}-${port}@localhost`;
  const env = {
    ...process.env,
    RABBITMQ_NODENAME: node,
    RABBITMQ_NODE_PORT: String(port),
    RABBITMQ_DIST_PORT: String(port + 20000),
    RABBITMQ_MNESIA_BASE: path.join(dir, "mnesia"),
    RABBITMQ_LOG_BASE: path.join(dir, "log"),
    RABBITMQ_ENABLED_PLUGINS_FILE: path.join(dir, "plugins"),
    RABBITMQ_CONFIG_FILE: path.join(dir, "rabbitmq"),
    RABBITMQ_FEATURE_FLAGS_FILE: path.join(dir, "feature_flags"),
    ERL_CRASH_DUMP: path.join(dir, "erl_crash.dump"),
  };
  const server = spawn(RABBITMQ_SERVER, [], { env, cwd: dir, stdio: "ignore", detached: false });
  await waitForPort(port, true, 60_000);
  const ctl = (...args: string[]) => run("rabbitmqctl", ["-n", node, ...args], { env });
  return {
    url: `amqp://guest:guest@127.0.0.1:${port}/%2F`,
    async restart(downMs = 1000) {
      await ctl("stop_app");
      await waitForPort(port, false, 20_000);
      await new Promise((resolve) => setTimeout(resolve, downMs));
      await ctl("start_app");
      await waitForPort(port, true, 30_000);
    },
    async stop() {
      await ctl("stop").catch(() => server.kill("SIGTERM"));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
