#!/usr/bin/env node
// Entry point of `npm run bench`: run bench/main.ts through tsx with the same arguments.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
// The benchmarks start the worker from its tsc output, as `npm run worker` does in production.
const build = spawnSync("npm", ["run", "build", "--workspace", "worker", "--silent"], {
  cwd: root,
  stdio: "inherit",
});
if (build.status !== 0) process.exit(build.status ?? 1);
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
