// A socket.io server that admits clients the way Frappe 15's realtime/ service does: the namespace
// is the site name, the Origin must match the Host, and the `sid` cookie must be a live session.
// Each socket joins `user:<name>`, and events are emitted to those rooms.
import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Server, type Namespace } from "socket.io";
import { parseCookies } from "./http.js";

function hostname(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const host = value.includes("://") ? (value.split("/")[2] ?? "") : value;
  return host.replace(/:\d+$/, "");
}

export interface StubRealtime {
  readonly port: number;
  emitToUser(user: string, event: string, message: unknown): void;
  /** Drops every client connection, as a restart of the socketio process does. */
  disconnectAll(): void;
  close(): Promise<void>;
}

export async function startRealtime(options: {
  site: string;
  port?: number;
  userForSession: (sid: string) => string | null;
}): Promise<StubRealtime> {
  const http: HttpServer = createServer();
  const io = new Server(http, { cors: { origin: true, credentials: true } });
  const namespace: Namespace = io.of(`/${options.site}`);

  namespace.use((socket, next) => {
    const headers = socket.request.headers;
    if (hostname(headers.host) !== hostname(headers.origin))
      return next(new Error("Invalid origin"));
    const sid = parseCookies(headers.cookie).sid;
    if (!sid)
      return next(new Error("No authentication method used. Use cookie or authorization header."));
    const user = options.userForSession(sid);
    if (!user) return next(new Error("Unauthorized: session expired"));
    (socket.data as { user: string }).user = user;
    next();
  });
  namespace.on("connection", (socket) => {
    void socket.join(`user:${(socket.data as { user: string }).user}`);
    socket.on("ping", () => socket.emit("pong"));
  });

  await new Promise<void>((resolve) => http.listen(options.port ?? 0, "127.0.0.1", resolve));
  return {
    port: (http.address() as AddressInfo).port,
    emitToUser(user, event, message) {
      namespace.to(`user:${user}`).emit(event, message);
    },
    disconnectAll() {
      namespace.disconnectSockets(true);
    },
    async close() {
      namespace.disconnectSockets(true);
      const closed = new Promise<void>((resolve) => io.close(() => resolve()));
      // A client that reconnects at once would otherwise keep the HTTP server open.
      http.closeAllConnections();
      await closed;
    },
  };
}
