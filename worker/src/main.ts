// Entry point of `npm run worker`: reads the environment, starts the worker, stops it on SIGTERM/SIGINT.
import { readEnv } from "./config.js";
import { createLogger } from "./logger.js";
import { startWorker, type WorkerHandle } from "./worker.js";

const logger = createLogger();
const { shutdownGraceMs } = readEnv();
let worker: WorkerHandle | null = null;
let stopRequested: string | null = null;

function stop(signal: string): void {
  if (stopRequested) {
    logger.warn({ signal }, "Second signal: exiting without waiting");
    process.exit(1);
  }
  stopRequested = signal;
  logger.info({ signal, grace_ms: shutdownGraceMs }, "Received signal; stopping gracefully");
  // With RabbitMQ or Frappe unreachable a close can wait forever. Nothing is lost by leaving: the
  // broker redelivers unacknowledged messages, and undelivered results stay in the results queue.
  setTimeout(() => {
    logger.error(
      { signal, grace_ms: shutdownGraceMs },
      "Graceful stop did not finish within WIX_SHUTDOWN_GRACE_MS; exiting, and RabbitMQ redelivers what was not acknowledged",
    );
    process.exit(1);
  }, shutdownGraceMs).unref();
  // A signal during start-up is handled once startWorker resolves.
  if (worker) void shutdown(worker);
}

async function shutdown(running: WorkerHandle): Promise<void> {
  try {
    await running.stop();
    process.exit(0);
  } catch (error) {
    logger.error({ err: error }, "Graceful stop failed");
    process.exit(1);
  }
}

// Handlers go in before the worker starts, so an early SIGTERM still stops it gracefully.
process.on("SIGTERM", () => stop("SIGTERM"));
process.on("SIGINT", () => stop("SIGINT"));

startWorker({ logger }).then(
  (started) => {
    worker = started;
    if (stopRequested) void shutdown(started);
  },
  (error: unknown) => {
    logger.fatal({ err: error }, "Worker failed to start");
    process.exit(1);
  },
);
