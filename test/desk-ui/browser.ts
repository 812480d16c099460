// Shared plumbing for the desk page browser test: the built bundle, Chromium and screenshots.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { chromium, type Browser } from "playwright-core";
import { repoRoot } from "../support/contract.js";

export const CHROMIUM_PATH = process.env.WIX_CHROMIUM_PATH ?? "/usr/bin/chromium";
export const BUNDLE_DIR = path.join(repoRoot, "frappe_app/wix_integration/public/desk-ui");
export const BUNDLE_JS = path.join(BUNDLE_DIR, "wix-integration-desk.js");
export const BUNDLE_CSS = path.join(BUNDLE_DIR, "wix-integration-desk.css");
export const SCREENSHOT_DIR = path.join(repoRoot, "artifacts", "screenshots");
const SOURCE_DIRS = ["desk-ui/src", "desk-ui/vite-plugins"].map((dir) => path.join(repoRoot, dir));

function newestSourceMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(
      newest,
      entry.isDirectory() ? newestSourceMtime(full) : statSync(full).mtimeMs,
    );
  }
  return newest;
}

/**
 * Builds the desk bundle with `npm run build` when it is missing or older than its sources, so the
 * test always loads what the sources produce. Returns the build's output when it fails.
 */
export function ensureBundle(): { built: boolean; error: string | null } {
  const sourcesChanged =
    !existsSync(BUNDLE_JS) ||
    !existsSync(BUNDLE_CSS) ||
    Math.max(...SOURCE_DIRS.map(newestSourceMtime)) > statSync(BUNDLE_JS).mtimeMs;
  if (!sourcesChanged) return { built: false, error: null };
  const result = spawnSync("npm", ["run", "build", "--silent"], {
    cwd: repoRoot,
    encoding: "utf8",
    timeout: 180_000,
  });
  if (result.status === 0 && existsSync(BUNDLE_JS)) return { built: true, error: null };
  return {
    built: true,
    error: `${result.stdout}\n${result.stderr}`.trim() || `exit ${result.status}`,
  };
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

export function screenshotPath(name: string): string {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return path.join(SCREENSHOT_DIR, `${name}.png`);
}

type SuiteLike = { tests: { skipReason?: string }[]; suites: SuiteLike[] };

function markSkipped(suite: SuiteLike, reason: string) {
  suite.tests.forEach((test) => (test.skipReason = reason));
  suite.suites.forEach((child) => markSkipped(child, reason));
}

/**
 * Skips every test of the suite whose `before` hook calls this, and records `reason` on each of
 * them for the summary reporter. skipBecause() records it only on the hook itself.
 */
export function skipSuiteBecause(context: Mocha.Context, reason: string): never {
  const suite = (context.test as { parent?: SuiteLike } | undefined)?.parent;
  if (suite) markSkipped(suite, reason);
  context.skip();
}
