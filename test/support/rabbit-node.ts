// A RabbitMQ node of the test's own, on a free port beside the shared broker on 5672, so restart
// tests can stop and start it without touching anyone else's queues. Its data lives in a temp dir
// and survives restarts of the node, the way a real broker's disk does.
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { accessSync, constants, mkdtempSync, openSync, rmSync, writeFileSync } from "node:fs";
import { createConnection, createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

import amqp from "amqplib";

/** Candidate rabbitmq-server scripts. The /usr/sbin wrapper switches to the rabbitmq user, which cannot write our temp dir. */
const SERVER_SCRIPTS = [
  process.env.RABBITMQ_SERVER_SCRIPT,
  "/usr/lib/rabbitmq/bin/rabbitmq-server",
  "/usr/local/lib/rabbitmq/bin/rabbitmq-server",
].filter((candidate): candidate is string => Boolean(candidate));

const START_TIMEOUT_MS = 60_000;

// Nodes still running when this process exits, so they can be killed instead of outliving it.
const runningGroups = new Set<number>();
process.once("exit", () => {
  for (const group of runningGroups) {
    try {
      process.kill(-group, "SIGKILL");
    } catch {
      // already gone
    }
  }
});
const STOP_TIMEOUT_MS = 30_000;

export interface RabbitNodeOptions {
  /** First AMQP port to try; the next free one is used. */
  basePort?: number;
}

export interface RabbitNode {
  readonly port: number;
  readonly url: string;
  readonly nodeName: string;
  readonly dataDir: string;
  /** Start the node and wait until it accepts an AMQP connection. */
  start(): Promise<void>;
  /** Stop the node with SIGTERM (SIGKILL after 30 s) and wait for the process to exit. */
  stop(): Promise<void>;
  /** Stop, then start again, keeping queues and persistent messages. */
  restart(): Promise<void>;
  /** Stop the node and delete its data dir. */
  dispose(): Promise<void>;
  isRunning(): boolean;
  /** Add a user with full rights on vhost "/" through rabbitmqctl, for tests that need a password of their own. */
  addUser(name: string, password: string): Promise<string>;
}

function rabbitmqctl(script: string, env: NodeJS.ProcessEnv, args: string[]): Promise<void> {
  const ctl = path.join(path.dirname(script), "rabbitmqctl");
  return new Promise((resolve, reject) => {
    execFile(ctl, args, { env, timeout: 60_000 }, (error, _stdout, stderr) => {
      if (error) {
        reject(new Error(`rabbitmqctl ${args[2] ?? ""} failed: ${stderr.trim() || error.message}`));
      } else {
        resolve();
      }
    });
  });
}

/** Return the rabbitmq-server script to run, or null when none is installed. */
export function findRabbitServer(): string | null {
  for (const candidate of SERVER_SCRIPTS) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // try the next location
    }
  }
  return null;
}

function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

async function findFreePort(from: number, exclude: number[] = []): Promise<number> {
  for (let port = from; port < from + 200; port += 1) {
    if (exclude.includes(port)) continue;
    if (await isPortFree(port)) return port;
  }
  throw new Error(
    `no free TCP port on 127.0.0.1 in ${from}-${from + 199} for a test RabbitMQ node`,
  );
}

function canConnectTcp(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

async function canOpenAmqp(url: string): Promise<boolean> {
  try {
    const connection = await amqp.connect(url, { timeout: 2000 });
    await connection.close();
    return true;
  } catch {
    return false;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Prepare a RabbitMQ node in a fresh temp dir (not started yet). It listens on 127.0.0.1 only, loads
 * no plugins, and registers with the local epmd under its own node name.
 */
export async function createRabbitNode(options: RabbitNodeOptions = {}): Promise<RabbitNode> {
  const script = findRabbitServer();
  if (!script) {
    throw new Error(
      `rabbitmq-server not found in ${SERVER_SCRIPTS.join(", ")}; install RabbitMQ or set RABBITMQ_SERVER_SCRIPT`,
    );
  }
  const port = await findFreePort(options.basePort ?? 5673, [5672]);
  const distPort = await findFreePort(port + 20000, [port]);
  const nodeName = `wixtest${port}@localhost`;
  const dataDir = mkdtempSync(path.join(tmpdir(), `wix-rabbit-${port}-`));
  const configFile = path.join(dataDir, "rabbitmq.conf");
  writeFileSync(
    configFile,
    [
      `listeners.tcp.local = 127.0.0.1:${port}`,
      "loopback_users.guest = true",
      // The shared machine's disk may be small; the default 50 MB alarm would block publishers.
      "disk_free_limit.absolute = 10MB",
      "",
    ].join("\n"),
  );
  writeFileSync(path.join(dataDir, "enabled_plugins"), "[].\n");
  writeFileSync(path.join(dataDir, "rabbitmq-env.conf"), "");

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOME: dataDir,
    RABBITMQ_CONF_ENV_FILE: path.join(dataDir, "rabbitmq-env.conf"),
    RABBITMQ_CONFIG_FILE: configFile,
    RABBITMQ_NODENAME: nodeName,
    RABBITMQ_NODE_IP_ADDRESS: "127.0.0.1",
    RABBITMQ_NODE_PORT: String(port),
    RABBITMQ_DIST_PORT: String(distPort),
    RABBITMQ_MNESIA_BASE: path.join(dataDir, "mnesia"),
    RABBITMQ_LOG_BASE: path.join(dataDir, "log"),
    RABBITMQ_PID_FILE: path.join(dataDir, "rabbit.pid"),
    RABBITMQ_ENABLED_PLUGINS_FILE: path.join(dataDir, "enabled_plugins"),
    RABBITMQ_ENABLED_PLUGINS: "",
    ERL_EPMD_ADDRESS: "127.0.0.1",
    RABBITMQ_SERVER_ERL_ARGS: "-kernel inet_dist_use_interface {127,0,0,1}",
  };
  const url = `amqp://guest:guest@127.0.0.1:${port}/%2F`;
  let child: ChildProcess | null = null;
  let exited: Promise<void> = Promise.resolve();

  async function start(): Promise<void> {
    if (child) return;
    const output = openSync(path.join(dataDir, "server-output.log"), "a");
    const spawned = spawn(script!, [], {
      env,
      detached: true,
      stdio: ["ignore", output, output],
    });
    child = spawned;
    if (spawned.pid) runningGroups.add(spawned.pid);
    exited = new Promise((resolve) =>
      spawned.once("exit", () => {
        if (spawned.pid) runningGroups.delete(spawned.pid);
        if (child === spawned) child = null;
        resolve();
      }),
    );
    const deadline = Date.now() + START_TIMEOUT_MS;
    while (Date.now() < deadline) {
      if (!child) {
        throw new Error(
          `RabbitMQ node ${nodeName} exited during start; see ${path.join(dataDir, "server-output.log")}`,
        );
      }
      if ((await canConnectTcp(port)) && (await canOpenAmqp(url))) return;
      await sleep(250);
    }
    await stop();
    throw new Error(
      `RabbitMQ node ${nodeName} did not accept AMQP on 127.0.0.1:${port} within ${START_TIMEOUT_MS} ms`,
    );
  }

  function signalGroup(signal: NodeJS.Signals): void {
    if (!child?.pid) return;
    try {
      process.kill(-child.pid, signal);
    } catch {
      // the group is already gone
    }
  }

  async function stop(): Promise<void> {
    if (!child) return;
    const done = exited;
    signalGroup("SIGTERM");
    const timedOut = await Promise.race([
      done.then(() => false),
      sleep(STOP_TIMEOUT_MS).then(() => true),
    ]);
    if (timedOut) {
      signalGroup("SIGKILL");
      await done;
    }
    // The listener may close a moment after the script exits.
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline && (await canConnectTcp(port))) await sleep(100);
  }

  return {
    port,
    url,
    nodeName,
    dataDir,
    start,
    stop,
    async restart() {
      await stop();
      await start();
    },
    async dispose() {
      await stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
    isRunning: () => child !== null,
    async addUser(name, password) {
      const node = ["-n", nodeName];
      await rabbitmqctl(script!, env, [...node, "add_user", name, password]);
      await rabbitmqctl(script!, env, [
        ...node,
        "set_permissions",
        "-p",
        "/",
        name,
        ".*",
        ".*",
        ".*",
      ]);
      return `amqp://${encodeURIComponent(name)}:${encodeURIComponent(password)}@127.0.0.1:${port}/%2F`;
    },
  };
}

/** Create and start a node in one step. */
export async function startRabbitNode(options: RabbitNodeOptions = {}): Promise<RabbitNode> {
  const node = await createRabbitNode(options);
  try {
    await node.start();
  } catch (error) {
    await node.dispose();
    throw error;
  }
  return node;
}
