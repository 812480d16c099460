import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import type { Plugin } from "vite";

const PREFIX = "~icons/lucide/";
const RESOLVED_PREFIX = "\0lucide-icon:";

/**
 * Resolves frappe-ui's `~icons/lucide/<name>` imports to small Vue render components built from
 * lucide-static's SVG files. frappe-ui's own Vite plugin does the same but also installs
 * auto-import plugins that write `*.d.ts` files into the project.
 */
export function lucideIcons(): Plugin {
  // lucide-static is frappe-ui's dependency, so resolve it from there.
  const fromFrappeUI = createRequire(createRequire(import.meta.url).resolve("frappe-ui/tailwind"));
  const iconsDir = path.join(
    path.dirname(fromFrappeUI.resolve("lucide-static/package.json")),
    "icons",
  );
  return {
    name: "wix-lucide-icons",
    resolveId(id) {
      return id.startsWith(PREFIX) ? RESOLVED_PREFIX + id.slice(PREFIX.length) : undefined;
    },
    async load(id) {
      if (!id.startsWith(RESOLVED_PREFIX)) return undefined;
      const name = id.slice(RESOLVED_PREFIX.length);
      if (!/^[a-z0-9-]+$/.test(name)) throw new Error(`invalid lucide icon name "${name}"`);
      const svg = await readFile(path.join(iconsDir, `${name}.svg`), "utf8");
      const inner = svg
        .match(/<svg[^>]*>([\s\S]*)<\/svg>/)?.[1]
        ?.replace(/>\s+</g, "><")
        .trim();
      if (inner === undefined) throw new Error(`lucide icon "${name}" has no <svg> element`);
      return [
        'import { h } from "vue";',
        "export default { inheritAttrs: false, render() { return h('svg', {",
        '  xmlns: "http://www.w3.org/2000/svg", width: "24", height: "24", viewBox: "0 0 24 24",',
        '  fill: "none", stroke: "currentColor", "stroke-width": "1.5", "stroke-linecap": "round",',
        `  "stroke-linejoin": "round", ...this.$attrs, innerHTML: ${JSON.stringify(inner)} }); } };`,
      ].join("\n");
    },
  };
}
