// Loaded by Tailwind itself (through jiti), because frappe-ui's preset imports JSON without the
// import attribute that Node's ES module loader requires.
const path = require("node:path");

// frappe-ui ships its components as source, so Tailwind must scan them for class names.
const frappeUIRoot = path.resolve(path.dirname(require.resolve("frappe-ui/tailwind")), "..");

/** @type {import('tailwindcss').Config} */
module.exports = {
  presets: [require("frappe-ui/tailwind")],
  content: [
    path.join(__dirname, "src/**/*.{vue,ts}"),
    path.join(frappeUIRoot, "src/components/**/*.{vue,ts}"),
  ],
};
