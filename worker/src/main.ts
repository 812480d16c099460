// Entry point of `npm run worker`: reads the environment, starts the worker, stops it on SIGTERM/SIGINT.
import { createLogger } from "./logger.js";
import { startWorker } from "./worker.js";

const logger = createLogger();

async function main(): Promise<void> {
  const worker = await startWorker({ logger });
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) {
      logger.warn({ signal }, "Second signal: exiting without waiting");
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, "Received signal; stopping gracefully");
    worker.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, "Graceful stop failed");
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}

main().catch((error: unknown) => {
  logger.fatal({ err: error }, "Worker failed to start");
  process.exit(1);
});
