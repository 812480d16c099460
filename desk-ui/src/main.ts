import { createApp } from "vue";
import App, { type Tab } from "./App.vue";
import { readDeskBoot } from "./boot.js";
import { provideRealtime } from "./data/realtime.js";
import { setSiteTimeZone } from "./lib/format.js";
import { PAGE_ROOT_ID } from "./pageRoot.js";
import { connectRealtime } from "./realtime/connection.js";
import "./style.css";

export interface MountOptions {
  initialTab?: Tab;
}

export interface MountedPage {
  unmount(): void;
}

/**
 * Mounts the Wix Integration page into `element`, which becomes the root that every bundled
 * style is scoped to. The desk Page calls this after frappe.require has loaded the bundle.
 */
export function mount(element: HTMLElement, options: MountOptions = {}): MountedPage {
  element.id = PAGE_ROOT_ID;
  const boot = readDeskBoot();
  setSiteTimeZone(boot.systemTimeZone);
  const realtime = connectRealtime({
    origin: window.location.origin,
    sitename: boot.sitename,
    socketioPort: boot.socketioPort,
    devServer: boot.devServer,
  });
  const app = createApp(App, { initialTab: options.initialTab });
  provideRealtime(app, realtime);
  app.mount(element);
  return {
    unmount() {
      app.unmount();
      realtime.close();
    },
  };
}
