import { expect } from "chai";
import { spawn, type ChildProcess } from "node:child_process";
import { connect as connectTcp, createServer, type Server, type Socket } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { connect } from "amqplib";

import { publishItemEvent, topologyNames } from "../../worker/src/index.js";
import { startSandbox, type Sandbox } from "../../worker/src/sandbox/index.js";
import { startMockFrappe, type MockFrappe } from "./mock-frappe.js";
import {
  AMQP_URL,
  deleteNamespace,
  erpItem,
  sandboxConfig,
  uniqueNamespace,
  upsertEvent,
} from "./support.js";

const main = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../worker/src/main.ts");
const GRACE_MS = 4000;

/**
 * A TCP relay to the test RabbitMQ that can freeze: it keeps every connection open and forwards
 * nothing more, as a broker behind a dropped network link.
 */
async function startFreezableRelay(target: URL) {
  const sockets = new Set<Socket>();
  const state = { frozen: false };
  const server: Server = createServer((client) => {
    const upstream = connectTcp(Number(target.port || 5672), target.hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on("error", () => undefined);
      socket.on("close", () => sockets.delete(socket));
    }
    client.on("data", (chunk) => {
      if (!state.frozen) upstream.write(chunk);
    });
    upstream.on("data", (chunk) => {
      if (!state.frozen) client.write(chunk);
    });
    client.on("end", () => upstream.end());
    upstream.on("end", () => client.end());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address() as { port: number };
  const url = new URL(AMQP_URL);
  url.host = `127.0.0.1:${address.port}`;
  return {
    url: url.toString(),
    freeze: () => (state.frozen = true),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

describe("worker main entry point under SIGTERM", function () {
  this.timeout(60_000);
  let sandbox: Sandbox;
  let frappe: MockFrappe;
  let relay: Awaited<ReturnType<typeof startFreezableRelay>>;
  let child: ChildProcess | null = null;
  const namespace = uniqueNamespace("grace");

  before(async () => {
    sandbox = await startSandbox({ catalogVersion: "V3", rateLimitPerMinute: 0, latencyMs: 50 });
    frappe = await startMockFrappe(sandboxConfig(sandbox));
    relay = await startFreezableRelay(new URL(AMQP_URL));
  });

  after(async () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child!.once("exit", resolve));
      child.kill("SIGKILL");
      await exited;
    }
    await relay?.close();
    await frappe?.close();
    await sandbox?.close();
    const connection = await connect(AMQP_URL);
    await deleteNamespace(
      await connection.createConfirmChannel(),
      namespace,
      [1000, 4000, 15000, 60000, 240000, 600000],
    ).catch(() => undefined);
    await connection.close();
  });

  describe("when RabbitMQ and Frappe both stop answering", () => {
    it("exits within WIX_SHUTDOWN_GRACE_MS", async () => {
      child = spawn(process.execPath, ["--import", "tsx", main], {
        env: {
          ...process.env,
          WIX_AMQP_URL: relay.url,
          WIX_NAMESPACE: namespace,
          WIX_FRAPPE_URL: frappe.url,
          WIX_FRAPPE_API_KEY: frappe.apiKey,
          WIX_FRAPPE_API_SECRET: frappe.apiSecret,
          WIX_REDIS_URL: "memory",
          WIX_SHUTDOWN_GRACE_MS: String(GRACE_MS),
          WIX_LOG_LEVEL: process.env.WIX_TEST_LOG_LEVEL ?? "warn",
        },
        stdio: ["ignore", process.env.WIX_TEST_LOG_LEVEL ? "inherit" : "ignore", "inherit"],
      });
      const exited = new Promise<number | null>((resolve) =>
        child!.once("exit", (code) => resolve(code)),
      );
      const connection = await connect(AMQP_URL);
      for (let tries = 0; ; tries++) {
        const check = await connection.createChannel();
        check.on("error", () => undefined);
        try {
          await check.checkQueue(topologyNames(namespace).webhooksQueue);
          await check.close();
          break;
        } catch {
          if (tries > 150) throw new Error("the worker never declared its queues");
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      }
      const publisher = await connection.createConfirmChannel();
      const events = Array.from({ length: 40 }, (_, index) =>
        upsertEvent(erpItem(`GRACE-${index}`)),
      );
      for (const event of events) await publishItemEvent(publisher, namespace, event);
      const deadline = Date.now() + 20_000;
      while (frappe.results.size < 3 && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 50));
      expect(frappe.results.size, "results before the outage").to.be.greaterThan(2);

      frappe.hanging = true;
      relay.freeze();
      const signalled = Date.now();
      child.kill("SIGTERM");
      const code = await Promise.race([
        exited,
        new Promise<"still running">((resolve) =>
          setTimeout(() => resolve("still running"), GRACE_MS + 3000),
        ),
      ]);
      const tookMs = Date.now() - signalled;
      await connection.close();

      expect(code, `after ${tookMs} ms`).to.not.equal("still running");
      expect(tookMs).to.be.at.most(GRACE_MS + 1500);
    });
  });
});
