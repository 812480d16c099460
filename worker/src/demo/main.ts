/**
 * `npm run demo`: syncs a catalog to a local Wix sandbox through RabbitMQ and the worker, then prints
 * what happened to every item. See USAGE in options.ts for the arguments.
 */
import { readdirSync } from "node:fs";
import path from "node:path";

import { BrokerUnreachable } from "./broker.js";
import { convertCatalogFile, defaultConversionOptions } from "./catalogs/index.js";
import { parseDemoArgs, UsageError, USAGE, type DemoOptions } from "./options.js";
import { runCatalog } from "./run.js";
import { formatOverview, formatSummary, type CatalogRun } from "./summary.js";

function listCatalogs(directory: string): string[] {
  try {
    return readdirSync(directory)
      .filter((name) => /\.(csv|json)$/i.test(name))
      .sort()
      .map((name) => path.join(directory, name));
  } catch (error) {
    throw new UsageError(
      `--all-fixtures: cannot read ${directory} (${(error as Error).message}). Set WIX_FIXTURES_DIR to the folder that contains catalogs/.`,
    );
  }
}

/** With several catalogs each run gets its own results file: demo-results.jsonl becomes demo-results-<name>.jsonl. */
function resultsFileFor(options: DemoOptions, catalog: string): string {
  if (options.catalogs.length === 1) return options.resultsFile;
  const parsed = path.parse(options.resultsFile);
  return path.join(parsed.dir, `${parsed.name}-${path.parse(catalog).name}${parsed.ext}`);
}

function progressLine(message: string): void {
  if (process.stderr.isTTY) process.stderr.write(`\r  waiting for results: ${message}   `);
}

async function main(argv: string[]): Promise<number> {
  let options: DemoOptions | null;
  try {
    options = parseDemoArgs(argv, process.env, listCatalogs);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`${error.message}\n\n${USAGE}`);
    return 2;
  }
  if (options === null) {
    console.log(USAGE);
    return 0;
  }

  // The first Ctrl-C ends the wait so the run can still delete its queues; a second one exits at once.
  const interrupt = new AbortController();
  process.once("SIGINT", () => {
    console.error(
      "\nInterrupted: stopping the worker and deleting the demo's queues (Ctrl-C again to quit now).",
    );
    interrupt.abort();
    process.once("SIGINT", () => process.exit(130));
  });

  const runs: CatalogRun[] = [];
  let failedFiles = 0;
  for (const file of options.catalogs) {
    if (interrupt.signal.aborted) break;
    let conversion;
    try {
      conversion = await convertCatalogFile(file, {
        ...defaultConversionOptions(),
        currency: options.currency,
        wixWeightUom: options.wixWeightUom,
      });
    } catch (error) {
      console.error(
        `Cannot convert the catalog, so it is not synced: ${(error as Error).message}\n`,
      );
      failedFiles++;
      continue;
    }
    const run = await runCatalog({
      file,
      conversion,
      catalogVersion: options.catalogVersion,
      rateLimit: options.rateLimit,
      amqpUrl: options.amqpUrl,
      resultsFile: resultsFileFor(options, file),
      frappe: options.frappe,
      timeoutSeconds: options.timeoutSeconds,
      signal: interrupt.signal,
      progress: progressLine,
    });
    if (process.stderr.isTTY) process.stderr.write("\r\x1b[K");
    console.log(`${formatSummary(run)}\n`);
    runs.push(run);
  }

  if (runs.length > 1) console.log(`${formatOverview(runs)}\n`);
  const lost = runs.reduce((sum, run) => sum + run.missing.length + run.duplicateSkus.length, 0);
  if (lost > 0) {
    console.error(
      `${lost} item(s) have no result or a duplicate Wix product; see MISSING and DUPLICATE above.`,
    );
  }
  if (interrupt.signal.aborted) return 130;
  return lost > 0 || failedFiles > 0 ? 1 : 0;
}

/** Exits with the code; a leftover socket or timer must not keep a finished demo alive. */
function exit(code: number): void {
  process.exitCode = code;
  setTimeout(() => process.exit(code), 2_000).unref();
}

main(process.argv.slice(2)).then(exit, (error: unknown) => {
  if (error instanceof BrokerUnreachable) console.error(error.message);
  else console.error("The demo failed:", error);
  exit(1);
});
