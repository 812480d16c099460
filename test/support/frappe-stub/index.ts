// A small server that responds like a Frappe 15 site with wix_integration installed. It has login
// and sessions, CSRF, role checks, the admin and worker methods, search_link, /api/resource for the
// log, the built desk-ui assets and a desk page shell. Its socketio server listens on a port of its
// own, as under `bench start`. The browser test runs against it, and unchanged against a bench.
import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { repoRoot } from "../contract.js";
import { adminMethods, searchLink } from "./adminApi.js";
import { deskShell } from "./deskShell.js";
import {
  FrappeError,
  jsonArg,
  parseCookies,
  permissionError,
  readArgs,
  sendFrappeError,
  sendJson,
} from "./http.js";
import { startRealtime } from "./realtime.js";
import { seedDemoData, StubState, type LogRow } from "./state.js";
import { workerMethods } from "./workerApi.js";

export const SITE_NAME = "wix.localhost";
const MANAGER_ROLES = new Set(["Wix Manager", "System Manager"]);
const ASSETS_DIR = path.join(repoRoot, "frappe_app/wix_integration/public/desk-ui");
const PAGE_SCRIPT = path.join(
  repoRoot,
  "frappe_app/wix_integration/wix_integration/page/wix_integration/wix_integration.js",
);
const CONTENT_TYPES: Record<string, string> = {
  ".js": "application/javascript",
  ".css": "text/css",
  ".svg": "image/svg+xml",
  ".woff2": "font/woff2",
};

export interface StubUser {
  name: string;
  password: string;
  roles: string[];
}

export interface FrappeStubOptions {
  users: StubUser[];
  /** api_key:api_secret of the integration user, for the worker endpoints. */
  integrationToken: string;
  seed?: boolean;
}

export interface FrappeStub {
  readonly url: string;
  readonly socketioPort: number;
  readonly state: StubState;
  /** Drops every socket.io client, as a restart of Frappe's socketio process would. */
  dropRealtimeClients(): void;
  close(): Promise<void>;
}

type ListFilter = [string, string, string | string[]];

interface Session {
  user: string;
  csrfToken: string;
}

/** Frappe list filters `[field, "=", value]`, `[field, "in", [values]]` and `[field, "is", "set" | "not set"]`. */
function matchesFilter(log: LogRow, [field, operator, value]: ListFilter): boolean {
  const actual = log[field as keyof LogRow];
  if (operator === "=") return String(actual) === value;
  if (operator === "in" && Array.isArray(value)) return value.includes(String(actual));
  if (operator === "is" && value === "set") return actual !== null && actual !== "";
  if (operator === "is" && value === "not set") return actual === null || actual === "";
  throw new FrappeError(
    417,
    "ValidationError",
    `filter ${JSON.stringify([field, operator, value])} is not supported by the Frappe stand-in`,
  );
}

export async function startFrappeStub(options: FrappeStubOptions): Promise<FrappeStub> {
  const sessions = new Map<string, Session>();
  const users = new Map(options.users.map((user) => [user.name, user]));
  const realtime = await startRealtime({
    site: SITE_NAME,
    userForSession: (sid) => sessions.get(sid)?.user ?? null,
  });
  const publisher = {
    toManagers(event: string, message: unknown) {
      for (const user of users.values()) {
        if (user.roles.some((role) => MANAGER_ROLES.has(role)))
          realtime.emitToUser(user.name, event, message);
      }
    },
  };

  const http = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (error instanceof FrappeError) return sendFrappeError(response, error);
      console.error("frappe stub: unhandled error", error);
      sendFrappeError(response, new FrappeError(500, "Exception", String(error)));
    });
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  const state = new StubState(url);
  if (options.seed !== false) seedDemoData(state);
  const admin = adminMethods(state, publisher);
  const worker = workerMethods(state, publisher);

  function sessionOf(request: IncomingMessage): Session | null {
    const sid = parseCookies(request.headers.cookie).sid;
    return sid ? (sessions.get(sid) ?? null) : null;
  }

  function assertManager(session: Session | null): Session {
    if (!session) throw new FrappeError(403, "PermissionError", "Not permitted: log in first");
    const roles = users.get(session.user)?.roles ?? [];
    if (!roles.some((role) => MANAGER_ROLES.has(role))) throw permissionError();
    return session;
  }

  /** Returns the caller's session when it is a Wix Manager's, after Frappe's CSRF check on POST. */
  function requireManager(request: IncomingMessage): Session {
    const session = assertManager(sessionOf(request));
    if (request.method === "POST" && request.headers["x-frappe-csrf-token"] !== session.csrfToken) {
      throw new FrappeError(400, "CSRFTokenError", "Invalid Request");
    }
    return session;
  }

  function requireIntegrationUser(request: IncomingMessage) {
    if (request.headers.authorization !== `token ${options.integrationToken}`) {
      throw new FrappeError(401, "AuthenticationError", "Invalid token for the integration user");
    }
  }

  async function login(args: Record<string, unknown>, response: ServerResponse) {
    const user = users.get(String(args.usr ?? ""));
    if (!user || user.password !== args.pwd) {
      throw new FrappeError(401, "AuthenticationError", "Invalid login credentials");
    }
    const sid = randomBytes(16).toString("hex");
    sessions.set(sid, { user: user.name, csrfToken: randomBytes(16).toString("hex") });
    sendJson(
      response,
      200,
      { message: "Logged In", full_name: user.name },
      {
        "Set-Cookie": `sid=${sid}; Path=/; HttpOnly; SameSite=Lax`,
      },
    );
  }

  async function serveAsset(pathname: string, response: ServerResponse) {
    const file = path.normalize(
      path.join(ASSETS_DIR, pathname.slice("/assets/wix_integration/desk-ui/".length)),
    );
    if (!file.startsWith(ASSETS_DIR + path.sep))
      throw new FrappeError(404, "DoesNotExistError", "Not found");
    const body = await readFile(file).catch(() => null);
    if (!body)
      throw new FrappeError(404, "DoesNotExistError", `${pathname} not found; run npm run build`);
    response.writeHead(200, {
      "Content-Type": CONTENT_TYPES[path.extname(file)] ?? "application/octet-stream",
    });
    response.end(body);
  }

  /** Inserts a new Item or Item Group, the part of frappe.client.insert the browser test needs. */
  function insertDocument(doctype: "Item" | "Item Group", args: Record<string, unknown>) {
    if (doctype === "Item Group") {
      const name = String(args.item_group_name ?? "").trim();
      if (!name) throw new FrappeError(417, "MandatoryError", "Item Group Name is required");
      if (state.itemGroups.includes(name)) {
        throw new FrappeError(409, "DuplicateEntryError", `Item Group ${name} already exists`);
      }
      state.itemGroups.push(name);
      return { name, item_group_name: name };
    }
    const code = String(args.item_code ?? "").trim();
    const group = String(args.item_group ?? "");
    if (!code) throw new FrappeError(417, "MandatoryError", "Item Code is required");
    if (state.items.has(code)) {
      throw new FrappeError(409, "DuplicateEntryError", `Item ${code} already exists`);
    }
    if (!state.itemGroups.includes(group)) {
      throw new FrappeError(417, "LinkValidationError", `Could not find Item Group: ${group}`);
    }
    state.addItem(code, String(args.item_name ?? code), group);
    return { name: code, item_code: code, item_group: group };
  }

  async function handle(request: IncomingMessage, response: ServerResponse) {
    const requestUrl = new URL(request.url ?? "/", url);
    const { pathname } = requestUrl;
    if (pathname.startsWith("/assets/wix_integration/desk-ui/"))
      return serveAsset(pathname, response);
    if (pathname === "/stub/wix_integration_page.js") {
      response.writeHead(200, { "Content-Type": "application/javascript" });
      return response.end(await readFile(PAGE_SCRIPT));
    }
    if (pathname === "/app/wix-integration") {
      const session = sessionOf(request);
      if (!session) {
        response.writeHead(302, { Location: `/login?redirect-to=${encodeURIComponent(pathname)}` });
        return response.end();
      }
      assertManager(session);
      response.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
      return response.end(
        deskShell(
          {
            sitename: SITE_NAME,
            socketioPort: realtime.port,
            csrfToken: session.csrfToken,
            user: session.user,
          },
          "/stub/wix_integration_page.js",
        ),
      );
    }

    const args = await readArgs(request, requestUrl);
    if (pathname === "/api/method/login") return login(args, response);

    const method = pathname.startsWith("/api/method/")
      ? pathname.slice("/api/method/".length)
      : null;
    const reply = (message: unknown) => sendJson(response, 200, { message });

    if (method?.startsWith("wix_integration.api.worker.")) {
      requireIntegrationUser(request);
      const name = method.slice("wix_integration.api.worker.".length) as keyof typeof worker;
      if (!(name in worker) || request.method !== "POST")
        throw new FrappeError(404, "DoesNotExistError", method);
      return reply(worker[name](args));
    }
    if (method?.startsWith("wix_integration.api.admin.")) {
      requireManager(request);
      const name = method.slice("wix_integration.api.admin.".length) as keyof typeof admin;
      if (!(name in admin)) throw new FrappeError(404, "DoesNotExistError", method);
      const getOnly = name === "health" || name === "get_settings";
      if (getOnly !== (request.method === "GET")) {
        throw new FrappeError(
          405,
          "PermissionError",
          `${method} does not accept ${request.method}`,
        );
      }
      return reply(admin[name](args));
    }
    if (method === "frappe.desk.search.search_link") {
      requireManager(request);
      return reply(searchLink(state, args));
    }
    const resource = pathname.startsWith("/api/resource/")
      ? decodeURIComponent(pathname.slice("/api/resource/".length))
      : null;
    if (request.method === "POST" && (resource === "Item" || resource === "Item Group")) {
      requireManager(request);
      return sendJson(response, 200, { data: insertDocument(resource, args) });
    }
    if (resource === "Wix Integration Log") {
      requireManager(request);
      const filters = jsonArg<ListFilter[]>(args.filters ?? "[]", "filters");
      const limit = Number(args.limit_page_length ?? 20);
      const rows = state.logs
        .filter((log) => filters.every((filter) => matchesFilter(log, filter)))
        .sort((a, b) => b.modified.getTime() - a.modified.getTime())
        .slice(0, limit)
        .map((log) => state.logRow(log));
      return sendJson(response, 200, { data: rows });
    }
    throw new FrappeError(404, "DoesNotExistError", `${pathname} not found`);
  }

  return {
    url,
    socketioPort: realtime.port,
    state,
    dropRealtimeClients: () => realtime.disconnectAll(),
    async close() {
      http.closeAllConnections();
      await Promise.all([
        realtime.close(),
        new Promise<void>((resolve) => http.close(() => resolve())),
      ]);
    },
  };
}
