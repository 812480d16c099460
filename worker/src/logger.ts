import { pino, type DestinationStream, type Logger } from "pino";

/** Paths pino replaces with "[redacted]" wherever they appear in a log record. */
export const REDACT_PATHS = [
  "api_key",
  "apiKey",
  "api_secret",
  "config.api_key",
  "*.api_key",
  "*.apiKey",
  "*.api_secret",
  "authorization",
  "Authorization",
  "*.authorization",
  "*.Authorization",
  "headers.authorization",
  "*.headers.authorization",
  "*.headers.Authorization",
  "request.headers.authorization",
];

/** Creates the worker's JSON logger; `destination` defaults to stdout. */
export function createLogger(
  level = process.env.WIX_LOG_LEVEL ?? "info",
  destination?: DestinationStream,
): Logger {
  const options = {
    name: "wix-worker",
    level,
    base: { pid: process.pid },
    redact: { paths: REDACT_PATHS, censor: "[redacted]" },
  };
  return destination ? pino(options, destination) : pino(options);
}

export type { Logger };
