import { expect } from "chai";
import { randomBytes } from "node:crypto";
import { connectRealtime, type RealtimeConnection } from "../../desk-ui/src/realtime/connection.js";
import { SITE_NAME } from "../support/frappe-stub/index.js";
import { startRealtime, type StubRealtime } from "../support/frappe-stub/realtime.js";

function waitFor<T>(register: (resolve: (value: T) => void) => void, what: string, ms = 8000) {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)),
      ms,
    );
    register((value) => {
      clearTimeout(timer);
      resolve(value);
    });
  });
}

async function waitForStatus(connection: RealtimeConnection, status: string, ms = 8000) {
  const started = Date.now();
  while (connection.status.value !== status) {
    if (Date.now() - started > ms) {
      throw new Error(`realtime status stayed ${connection.status.value}, expected ${status}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("connectRealtime", () => {
  const sid = randomBytes(8).toString("hex");
  let server: StubRealtime;
  let connection: RealtimeConnection | null = null;

  before(async () => {
    server = await startRealtime({
      site: SITE_NAME,
      userForSession: (session) => (session === sid ? "wix.manager@example.com" : null),
    });
  });

  afterEach(() => {
    connection?.close();
    connection = null;
  });

  after(async () => {
    await server.close();
  });

  function connect(cookie: string) {
    const origin = `http://127.0.0.1:${server.port}`;
    return connectRealtime(
      { origin, sitename: SITE_NAME, socketioPort: server.port, devServer: true },
      { extraHeaders: { cookie, origin } },
    );
  }

  describe("when the session is valid", () => {
    it("receives events sent to the user's room", async () => {
      connection = connect(`sid=${sid}`);
      await waitForStatus(connection, "live");
      const received = waitFor<unknown>(
        (resolve) => connection!.on("wix_bulk_progress", resolve),
        "wix_bulk_progress",
      );
      const progress = { job_id: "job-1", done: 2, total: 5, failed: 1 };
      server.emitToUser("wix.manager@example.com", "wix_bulk_progress", progress);
      expect(await received).to.deep.equal(progress);
    });

    it("stops delivering after the handler is removed", async () => {
      connection = connect(`sid=${sid}`);
      await waitForStatus(connection, "live");
      const seen: unknown[] = [];
      const off = connection.on("wix_health_changed", (event) => seen.push(event));
      off();
      const other = waitFor<unknown>(
        (resolve) => connection!.on("wix_health_changed", resolve),
        "the second handler",
      );
      server.emitToUser("wix.manager@example.com", "wix_health_changed", {});
      await other;
      expect(seen).to.deep.equal([]);
    });
  });

  describe("when the server drops every client", () => {
    it("reconnects and runs the reconnect handlers", async function () {
      this.timeout(20_000);
      connection = connect(`sid=${sid}`);
      await waitForStatus(connection, "live");
      const reconnected = waitFor<void>(
        (resolve) => connection!.onReconnect(resolve),
        "the reconnect handler",
        15_000,
      );
      server.disconnectAll();
      await waitForStatus(connection, "reconnecting");
      await reconnected;
      expect(connection.status.value).to.equal("live");
    });
  });

  describe("when the session cookie is unknown", () => {
    it("stays offline without throwing", async () => {
      connection = connect("sid=not-a-session");
      await new Promise((resolve) => setTimeout(resolve, 600));
      expect(connection.status.value).to.equal("connecting");
    });
  });
});
