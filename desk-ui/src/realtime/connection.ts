import { io, type ManagerOptions, type Socket, type SocketOptions } from "socket.io-client";
import { ref, type Ref } from "vue";
import type { BulkProgressEvent, SyncResultEvent } from "../data/types.js";
import {
  reconnectDelayMs,
  RECONNECT_BASE_DELAY_MS,
  RECONNECT_MAX_DELAY_MS,
} from "./reconnectDelay.js";
import { socketioUrl, type SocketTarget } from "./socketUrl.js";

/** Realtime events that wix_integration publishes with frappe.publish_realtime. */
export interface RealtimeEvents {
  wix_sync_result: SyncResultEvent;
  wix_bulk_progress: BulkProgressEvent;
  wix_health_changed: Record<string, never>;
}

export type RealtimeStatus = "connecting" | "live" | "reconnecting";

export interface RealtimeConnection {
  readonly url: string;
  readonly status: Ref<RealtimeStatus>;
  on<E extends keyof RealtimeEvents>(
    event: E,
    handler: (data: RealtimeEvents[E]) => void,
  ): () => void;
  /** Runs after every reconnect, so callers can refetch what they missed while offline. */
  onReconnect(handler: () => void): () => void;
  close(): void;
}

/**
 * Connects to Frappe's socketio server and keeps the connection up without telling the user:
 * socket.io-client retries dropped transports itself, and this module also retries after the
 * server rejects the handshake or closes the socket, which socket.io-client does not.
 */
export function connectRealtime(
  target: SocketTarget,
  ioOptions: Partial<ManagerOptions & SocketOptions> = {},
): RealtimeConnection {
  const url = socketioUrl(target);
  const status = ref<RealtimeStatus>("connecting");
  const reconnectHandlers = new Set<() => void>();
  let connectedBefore = false;
  let failedAttempts = 0;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let closed = false;

  const socket: Socket = io(url, {
    withCredentials: true,
    reconnection: true,
    reconnectionAttempts: Infinity,
    reconnectionDelay: RECONNECT_BASE_DELAY_MS,
    reconnectionDelayMax: RECONNECT_MAX_DELAY_MS,
    ...ioOptions,
  });

  function retryLater() {
    if (closed || retryTimer) return;
    failedAttempts += 1;
    retryTimer = setTimeout(() => {
      retryTimer = null;
      if (!closed && !socket.connected) socket.connect();
    }, reconnectDelayMs(failedAttempts));
  }

  socket.on("connect", () => {
    status.value = "live";
    failedAttempts = 0;
    if (connectedBefore) reconnectHandlers.forEach((handler) => handler());
    connectedBefore = true;
  });
  socket.on("disconnect", (reason) => {
    if (closed) return;
    status.value = "reconnecting";
    // After a server-side disconnect socket.io-client stays offline until told to connect.
    if (reason === "io server disconnect") retryLater();
  });
  socket.on("connect_error", () => {
    status.value = connectedBefore ? "reconnecting" : "connecting";
    // socket.active is false when the server's middleware rejected the handshake.
    if (!socket.active) retryLater();
  });

  return {
    url,
    status,
    on(event, handler) {
      const listener = handler as (data: unknown) => void;
      socket.on(event as string, listener);
      return () => socket.off(event as string, listener);
    },
    onReconnect(handler) {
      reconnectHandlers.add(handler);
      return () => reconnectHandlers.delete(handler);
    },
    close() {
      closed = true;
      if (retryTimer) clearTimeout(retryTimer);
      socket.disconnect();
    },
  };
}
