/** Values the page reads from desk's globals: the CSRF token and the socketio server's address. */
export interface DeskBoot {
  csrfToken: string;
  sitename: string;
  socketioPort: number | null;
  /** True under `bench start`, where socketio listens on its own port instead of behind nginx. */
  devServer: boolean;
  user: string;
  /** The site's time zone, in which Frappe writes datetimes without an offset. */
  systemTimeZone: string | null;
}

interface FrappeGlobals {
  csrf_token?: string;
  session?: { user?: string };
  boot?: {
    sitename?: string;
    socketio_port?: number | string;
    user?: { name?: string };
    time_zone?: { system?: string | null };
  };
}

interface DeskWindow {
  frappe?: FrappeGlobals;
  dev_server?: number | boolean | string;
  location: { hostname: string };
}

/**
 * Reads desk's `window.frappe` and `window.dev_server`, which Frappe 15 sets in `www/app.html`.
 * Outside desk (the browser test's server), the same globals come from that server's page.
 */
export function readDeskBoot(win: DeskWindow = globalThis as unknown as DeskWindow): DeskBoot {
  const frappe = win.frappe ?? {};
  const port = Number(frappe.boot?.socketio_port);
  return {
    csrfToken: frappe.csrf_token ?? "",
    sitename: frappe.boot?.sitename ?? win.location.hostname,
    socketioPort: Number.isInteger(port) && port > 0 ? port : null,
    devServer: Boolean(Number(win.dev_server ?? 0)),
    user: frappe.session?.user ?? frappe.boot?.user?.name ?? "",
    systemTimeZone: frappe.boot?.time_zone?.system ?? null,
  };
}
