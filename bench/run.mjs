#!/usr/bin/env node
// Entry point of `npm run bench`: run bench/main.ts through tsx with the same arguments.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const result = spawnSync(
  process.execPath,
  [
    "--max-old-space-size=8192",
    "--import",
    "tsx",
    path.join(root, "bench", "main.ts"),
    ...process.argv.slice(2),
  ],
  { cwd: root, stdio: "inherit" },
);
process.exit(result.status ?? 1);
