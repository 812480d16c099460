import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

import { DEFAULT_AMQP_URL } from "../config.js";

export const REPO_ROOT = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "..",
  "..",
  "..",
);
export const SAMPLE_CATALOG = path.join(REPO_ROOT, "worker", "sample-data", "sample-catalog.csv");
export const DEFAULT_RESULTS_FILE = path.join(REPO_ROOT, "artifacts", "demo-results.jsonl");
/** Folder of real third-party exports when WIX_FIXTURES_DIR is unset; they are never copied into the repository. */
export const DEFAULT_FIXTURES_DIR = path.resolve(REPO_ROOT, "..", "shared", "fixtures");

export interface DemoOptions {
  /** Export files to convert and sync, one run each; the sample catalog when none is given. */
  catalogs: string[];
  catalogVersion: "V1" | "V3";
  /** Whether the sandbox enforces Wix's 200 requests a minute. */
  rateLimit: boolean;
  amqpUrl: string;
  /** Results file of a single run; with several catalogs each run writes `<name>.jsonl` beside it. */
  resultsFile: string;
  timeoutSeconds: number;
  /** Frappe that also receives the results, from WIX_FRAPPE_URL and its API key and secret. */
  frappe: { url: string; apiKey: string; apiSecret: string } | null;
  currency: string | null;
  wixWeightUom: "Kg" | "Pound";
}

export const USAGE = `Usage: npm run demo -- [export-file ...] [options]

Starts the Wix sandbox and the worker, publishes a catalog as ERPNext item.upsert events on RabbitMQ,
waits for every result and prints a summary. Without a file it syncs the sample catalog in
worker/sample-data. Export files may be Wix Stores, Shopify or WooCommerce CSV, Shopify Admin API
product JSON, or ERPNext Item CSV or JSON; the format is detected from the content.

Options:
  --all-fixtures             sync every CSV and JSON file in $WIX_FIXTURES_DIR/catalogs, one run each
  --catalog-version V1|V3    catalog version of the sandbox site (default V3)
  --rate-limit               enforce Wix's limit of 200 requests a minute in the sandbox (default off,
                             so 200 items finish in seconds)
  --currency CODE            ISO 4217 currency for prices of shop exports, which name none (default none)
  --wix-weight-unit kg|lb    unit of the weight column in a Wix export, the site's unit (default kg)
  --results FILE             results file (default artifacts/demo-results.jsonl in the repository)
  --timeout SECONDS          how long to wait for all results of one catalog (default 300)
  -h, --help                 print this help

Environment:
  WIX_AMQP_URL               RabbitMQ URL (default ${DEFAULT_AMQP_URL})
  WIX_FIXTURES_DIR           folder with the real catalogs for --all-fixtures
  WIX_FRAPPE_URL             when set, results also go to Frappe's report_result, with
                             WIX_FRAPPE_API_KEY and WIX_FRAPPE_API_SECRET (the integration user)`;

export class UsageError extends Error {
  override name = "UsageError";
}

/**
 * Returns the folder npm was started in (npm's INIT_CWD). `npm run demo` runs in the repository
 * root, but the user types paths relative to where they started it.
 */
function callerDirectory(env: NodeJS.ProcessEnv): string {
  return env.INIT_CWD ?? process.cwd();
}

export function fixturesDirectory(env: NodeJS.ProcessEnv = process.env): string {
  const configured = env.WIX_FIXTURES_DIR?.trim();
  return configured ? path.resolve(callerDirectory(env), configured) : DEFAULT_FIXTURES_DIR;
}

function frappeFromEnv(env: NodeJS.ProcessEnv): DemoOptions["frappe"] {
  const url = env.WIX_FRAPPE_URL?.trim();
  if (!url) return null;
  const apiKey = env.WIX_FRAPPE_API_KEY?.trim();
  const apiSecret = env.WIX_FRAPPE_API_SECRET?.trim();
  if (!apiKey || !apiSecret) {
    throw new UsageError(
      "WIX_FRAPPE_URL is set but WIX_FRAPPE_API_KEY or WIX_FRAPPE_API_SECRET is missing; set both, or unset WIX_FRAPPE_URL to write results to a file only",
    );
  }
  return { url: url.replace(/\/+$/, ""), apiKey, apiSecret };
}

/** Parses the command line; returns null when help was requested. */
export function parseDemoArgs(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
  listFixtures: (directory: string) => string[],
): DemoOptions | null {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        "all-fixtures": { type: "boolean", default: false },
        "catalog-version": { type: "string", default: "V3" },
        "rate-limit": { type: "boolean", default: false },
        currency: { type: "string" },
        "wix-weight-unit": { type: "string", default: "kg" },
        results: { type: "string" },
        timeout: { type: "string", default: "300" },
        help: { type: "boolean", short: "h", default: false },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return null;

  const catalogVersion = values["catalog-version"].toUpperCase();
  if (catalogVersion !== "V1" && catalogVersion !== "V3") {
    throw new UsageError(`--catalog-version ${values["catalog-version"]} is invalid: use V1 or V3`);
  }
  const timeoutSeconds = Number(values.timeout);
  if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0) {
    throw new UsageError(
      `--timeout ${values.timeout} is invalid: give a number of seconds above 0`,
    );
  }
  const currency = values.currency?.trim().toUpperCase() ?? null;
  if (currency !== null && !/^[A-Z]{3}$/.test(currency)) {
    throw new UsageError(
      `--currency ${values.currency} is invalid: give a three-letter ISO 4217 code such as EUR`,
    );
  }
  const weightUnit = values["wix-weight-unit"].toLowerCase();
  if (weightUnit !== "kg" && weightUnit !== "lb") {
    throw new UsageError(`--wix-weight-unit ${values["wix-weight-unit"]} is invalid: use kg or lb`);
  }

  const base = callerDirectory(env);
  const catalogs = positionals.map((file) => path.resolve(base, file));
  if (values["all-fixtures"])
    catalogs.push(...listFixtures(path.join(fixturesDirectory(env), "catalogs")));
  if (catalogs.length === 0) catalogs.push(SAMPLE_CATALOG);

  return {
    catalogs,
    frappe: frappeFromEnv(env),
    catalogVersion,
    rateLimit: values["rate-limit"],
    amqpUrl: env.WIX_AMQP_URL?.trim() || DEFAULT_AMQP_URL,
    resultsFile: values.results ? path.resolve(base, values.results) : DEFAULT_RESULTS_FILE,
    timeoutSeconds,
    currency,
    wixWeightUom: weightUnit === "kg" ? "Kg" : "Pound",
  };
}
