// Loaded by Tailwind itself (through jiti), because frappe-ui's preset imports JSON without the
// import attribute that Node's ES module loader requires.
const path = require("node:path");

// frappe-ui ships its components as source, so Tailwind must scan the ones the page renders, and
// only those, or the bundle carries the classes of every frappe-ui component.
const frappeUIComponents = path.resolve(
  path.dirname(require.resolve("frappe-ui/tailwind")),
  "../src/components",
);
const USED_FRAPPE_UI = [
  "Button/**/*.vue",
  "Badge/**/*.vue",
  "Progress/**/*.vue",
  "TabButtons/**/*.vue",
  "Tooltip/**/*.vue",
  "LoadingIndicator.vue",
  "FeatherIcon.vue",
];

/** @type {import('tailwindcss').Config} */
module.exports = {
  presets: [require("frappe-ui/tailwind")],
  content: [
    path.join(__dirname, "src/**/*.{vue,ts}"),
    ...USED_FRAPPE_UI.map((pattern) => path.join(frappeUIComponents, pattern)),
  ],
};
