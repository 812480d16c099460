/** Frappe 15's default `socketio_port` in common_site_config.json. */
export const DEFAULT_SOCKETIO_PORT = 9000;

export interface SocketTarget {
  /** `window.location.origin` of the desk page. */
  origin: string;
  sitename: string;
  socketioPort: number | null;
  devServer: boolean;
}

/**
 * Returns the socket.io URL the way Frappe 15 desk builds it (`socketio_client.js`, `get_host`):
 * the page origin, with the port swapped for `socketio_port` under the dev server, and the site name
 * as the namespace. In production nginx proxies `/socket.io` on the page origin.
 */
export function socketioUrl(target: SocketTarget): string {
  const url = new URL(target.origin);
  if (target.devServer) url.port = String(target.socketioPort ?? DEFAULT_SOCKETIO_PORT);
  return `${url.protocol}//${url.host}/${encodeURIComponent(target.sitename)}`;
}
