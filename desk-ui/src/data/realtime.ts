import { inject, onScopeDispose, type App, type InjectionKey } from "vue";
import type { RealtimeConnection, RealtimeEvents } from "../realtime/connection.js";

const REALTIME: InjectionKey<RealtimeConnection> = Symbol("wix-realtime");

export function provideRealtime(app: App, connection: RealtimeConnection) {
  app.provide(REALTIME, connection);
}

export function useRealtime(): RealtimeConnection {
  const connection = inject(REALTIME);
  if (!connection) throw new Error("useRealtime needs provideRealtime on the app first");
  return connection;
}

/** Subscribes to a realtime event for the lifetime of the calling component. */
export function useRealtimeEvent<E extends keyof RealtimeEvents>(
  event: E,
  handler: (data: RealtimeEvents[E]) => void,
) {
  onScopeDispose(useRealtime().on(event, handler));
}

export function useReconnect(handler: () => void) {
  onScopeDispose(useRealtime().onReconnect(handler));
}
