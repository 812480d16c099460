import { pino, type Logger } from "pino";

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

export function createLogger(level = process.env.WIX_LOG_LEVEL ?? "info"): Logger {
  return pino({
    name: "wix-worker",
    level,
    base: { pid: process.pid },
    redact: { paths: REDACT_PATHS, censor: "[redacted]" },
  });
}

export type { Logger };
