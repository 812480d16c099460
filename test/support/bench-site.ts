// Where the local Frappe bench is and which of its sites the tests use. scripts/run-tests.mjs reads
// the site the same way, in plain JavaScript, because it runs before any TypeScript loader.
import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import path from "node:path";

/** WIX_BENCH_PATH, else ~/frappe-bench. */
export const BENCH_PATH = process.env.WIX_BENCH_PATH ?? path.join(homedir(), "frappe-bench");

/** Returns the bench's sites/common_site_config.json, or {} when it is missing or not valid JSON. */
export function commonSiteConfig(benchPath: string = BENCH_PATH): Record<string, unknown> {
  const file = path.join(benchPath, "sites", "common_site_config.json");
  if (!existsSync(file)) return {};
  try {
    return JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
  } catch {
    return {};
  }
}

/**
 * Returns WIX_BENCH_SITE, else the bench's default_site, which `bench use` writes to
 * common_site_config.json in bench 5, else sites/currentsite.txt, where older bench releases wrote it.
 * Returns null when none of them names a site.
 */
export function benchSite(benchPath: string = BENCH_PATH): string | null {
  if (process.env.WIX_BENCH_SITE) return process.env.WIX_BENCH_SITE;
  const defaultSite = commonSiteConfig(benchPath).default_site;
  if (typeof defaultSite === "string" && defaultSite) return defaultSite;
  const currentSite = path.join(benchPath, "sites", "currentsite.txt");
  return existsSync(currentSite) ? readFileSync(currentSite, "utf8").trim() || null : null;
}

/** Returns the skip reason for a bench where benchSite() finds no site. */
export function noSiteReason(benchPath: string = BENCH_PATH): string {
  return `no site chosen: set WIX_BENCH_SITE, or default_site in ${benchPath}/sites/common_site_config.json (\`bench use <site>\`)`;
}
