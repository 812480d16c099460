import path from "node:path";
import { fileURLToPath } from "node:url";
import vue from "@vitejs/plugin-vue";
import autoprefixer from "autoprefixer";
import tailwindcss from "tailwindcss";
import { defineConfig } from "vite";
import { lucideIcons } from "./vite-plugins/lucideIcons.js";
import { scopeToRoot } from "./vite-plugins/scopeToRoot.js";
import { PAGE_ROOT_ID } from "./src/pageRoot.js";

const here = path.dirname(fileURLToPath(import.meta.url));

/**
 * Builds the desk page as one IIFE script plus one stylesheet. frappe.require evaluates the script
 * text, so the bundle cannot be an ES module, and the names avoid `.bundle.`, which Frappe's own
 * esbuild would compile a second time.
 */
export default defineConfig({
  root: here,
  base: "/assets/wix_integration/desk-ui/",
  plugins: [lucideIcons(), vue()],
  define: {
    "process.env.NODE_ENV": JSON.stringify("production"),
    __VUE_OPTIONS_API__: "true",
    __VUE_PROD_DEVTOOLS__: "false",
    __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: "false",
  },
  css: {
    postcss: {
      plugins: [
        tailwindcss(path.join(here, "tailwind.config.cjs")),
        autoprefixer(),
        scopeToRoot(`#${PAGE_ROOT_ID}`),
      ],
    },
  },
  build: {
    outDir: path.resolve(here, "../frappe_app/wix_integration/public/desk-ui"),
    emptyOutDir: true,
    sourcemap: false,
    lib: {
      entry: path.resolve(here, "src/main.ts"),
      name: "WixIntegrationDesk",
      formats: ["iife"],
      fileName: () => "wix-integration-desk.js",
      cssFileName: "wix-integration-desk",
    },
  },
});
