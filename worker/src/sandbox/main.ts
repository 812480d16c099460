/**
 * Run the Wix sandbox on its own: `npm run sandbox -- --catalog-version V1 --port 8787`.
 * Every flag also reads from an environment variable; flags win.
 */
import { parseArgs } from "node:util";

import { startSandbox, type SandboxOptions } from "./index.js";
import type { Burst429Options, SandboxCatalogVersion } from "./options.js";

const HELP = `Usage: npm run sandbox -- [options]

Starts a local Wix Stores API sandbox on 127.0.0.1 and prints the settings to point the worker at it.

Options (environment variable in brackets):
  --port <n>               TCP port; 0 picks a free one (WIX_SANDBOX_PORT, default 0)
  --host <address>         loopback address to listen on (WIX_SANDBOX_HOST, default 127.0.0.1)
  --catalog-version <v>    V1, V3 or STORES_NOT_INSTALLED (WIX_SANDBOX_CATALOG_VERSION, default V3)
  --api-key <key>          API key expected in Authorization (WIX_SANDBOX_API_KEY, default sandbox-api-key)
  --site-id <id>           site id expected in wix-site-id (WIX_SANDBOX_SITE_ID)
  --rate-limit <n>         requests a minute per site; 0 turns the limit off (WIX_SANDBOX_RATE_LIMIT, default 200)
  --retry-after            send Retry-After with 429 responses (WIX_SANDBOX_RETRY_AFTER=1)
  --latency-ms <n>         delay before every response, in milliseconds (WIX_SANDBOX_LATENCY_MS, default 0)
  --error-rate <0-1>       share of requests that get 500/503/504 (WIX_SANDBOX_ERROR_RATE, default 0)
  --timeout-rate <0-1>     share of requests held without a response (WIX_SANDBOX_TIMEOUT_RATE, default 0)
  --reset-rate <0-1>       share of requests whose connection is reset (WIX_SANDBOX_RESET_RATE, default 0)
  --burst429 <a:c[:e]>     after a requests, return 429 to the next c, repeating every e requests (WIX_SANDBOX_BURST429)
  --fault-phase <p>        before: faults skip the request; after: apply it, then drop the response (WIX_SANDBOX_FAULT_PHASE, default before)
  --seed <n>               seed for fault injection (WIX_SANDBOX_SEED)
  --help                   show this text

Admin endpoints: GET /_sandbox/state, GET /_sandbox/calls, GET /_sandbox/options,
POST /_sandbox/reset, POST /_sandbox/options (JSON body of options to change).`;

function numberOption(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined || raw === "") return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value)) throw new RangeError(`--${name} must be a number, got "${raw}".`);
  return value;
}

function parseBurst(raw: string | undefined): Burst429Options | undefined {
  if (raw === undefined || raw === "") return undefined;
  const parts = raw.split(":").map(Number);
  if (
    parts.length < 2 ||
    parts.length > 3 ||
    parts.some((part) => !Number.isInteger(part) || part < 0)
  ) {
    throw new RangeError(
      `--burst429 must look like afterRequests:count[:everyRequests], got "${raw}".`,
    );
  }
  const [afterRequests, count, everyRequests] = parts as [number, number, number | undefined];
  return { afterRequests, count, ...(everyRequests !== undefined ? { everyRequests } : {}) };
}

function optionsFrom(argv: string[], env: NodeJS.ProcessEnv): SandboxOptions | undefined {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: "string" },
      host: { type: "string" },
      "catalog-version": { type: "string" },
      "api-key": { type: "string" },
      "site-id": { type: "string" },
      "rate-limit": { type: "string" },
      "retry-after": { type: "boolean" },
      "latency-ms": { type: "string" },
      "error-rate": { type: "string" },
      "timeout-rate": { type: "string" },
      "reset-rate": { type: "string" },
      burst429: { type: "string" },
      "fault-phase": { type: "string" },
      seed: { type: "string" },
      help: { type: "boolean" },
    },
  });
  if (values.help) return undefined;
  const phase = values["fault-phase"] ?? env.WIX_SANDBOX_FAULT_PHASE;
  const burst429 = parseBurst(values.burst429 ?? env.WIX_SANDBOX_BURST429);
  return {
    port: numberOption("port", values.port ?? env.WIX_SANDBOX_PORT),
    host: values.host ?? env.WIX_SANDBOX_HOST,
    catalogVersion: (values["catalog-version"] ?? env.WIX_SANDBOX_CATALOG_VERSION) as
      SandboxCatalogVersion | undefined,
    apiKey: values["api-key"] ?? env.WIX_SANDBOX_API_KEY,
    siteId: values["site-id"] ?? env.WIX_SANDBOX_SITE_ID,
    rateLimitPerMinute: numberOption(
      "rate-limit",
      values["rate-limit"] ?? env.WIX_SANDBOX_RATE_LIMIT,
    ),
    retryAfterHeader: values["retry-after"] ?? env.WIX_SANDBOX_RETRY_AFTER === "1",
    latencyMs: numberOption("latency-ms", values["latency-ms"] ?? env.WIX_SANDBOX_LATENCY_MS),
    faults: {
      errorRate: numberOption("error-rate", values["error-rate"] ?? env.WIX_SANDBOX_ERROR_RATE),
      timeoutRate: numberOption(
        "timeout-rate",
        values["timeout-rate"] ?? env.WIX_SANDBOX_TIMEOUT_RATE,
      ),
      resetRate: numberOption("reset-rate", values["reset-rate"] ?? env.WIX_SANDBOX_RESET_RATE),
      ...(burst429 ? { burst429 } : {}),
      ...(phase ? { phase: phase as "before" | "after" } : {}),
    },
    seed: numberOption("seed", values.seed ?? env.WIX_SANDBOX_SEED),
  };
}

async function main(): Promise<void> {
  let options: SandboxOptions | undefined;
  try {
    options = optionsFrom(process.argv.slice(2), process.env);
  } catch (error) {
    console.error(`wix sandbox: ${(error as Error).message}\n\n${HELP}`);
    process.exitCode = 2;
    return;
  }
  if (!options) {
    console.log(HELP);
    return;
  }
  let sandbox: Awaited<ReturnType<typeof startSandbox>>;
  try {
    sandbox = await startSandbox(options);
  } catch (error) {
    console.error(`wix sandbox: could not start: ${(error as Error).message}`);
    process.exitCode = error instanceof RangeError ? 2 : 1;
    return;
  }
  const settings = sandbox.options();
  console.log(`Wix sandbox listening on ${sandbox.url} (catalog ${settings.catalogVersion})`);
  console.log(
    `Rate limit: ${settings.rateLimitPerMinute || "off"} requests a minute; fault seed ${settings.seed}`,
  );
  console.log("Point the worker at it with:");
  console.log(`  WIX_BASE_URL=${sandbox.url}`);
  console.log(`  WIX_API_KEY=${sandbox.apiKey}`);
  console.log(`  WIX_SITE_ID=${sandbox.siteId}`);
  console.log(`State: curl ${sandbox.url}/_sandbox/state`);

  const stop = (signal: string) => {
    console.log(`Wix sandbox stopping on ${signal}`);
    sandbox.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error("Wix sandbox: close failed", error);
        process.exit(1);
      },
    );
  };
  process.once("SIGINT", () => stop("SIGINT"));
  process.once("SIGTERM", () => stop("SIGTERM"));
}

await main();
