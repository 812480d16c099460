// The fault suite: 1,000 items through the real worker processes, a RabbitMQ node of the suite's own
// and the Wix sandbox, with one fault per scenario. The workers get short retry queues (1 s, 2 s,
// 4 s), so it takes about 3 minutes on 2 cores, most of it the 60 s write-back outage; it is not a
// `*.test.ts` file, and `npm run test:faults` runs it on its own, after the rest of `npm test` in CI.
import { expect } from "chai";

import { skipBecause } from "../support/skip.js";
import { findRabbitServer, startRabbitNode, type RabbitNode } from "../support/rabbit-node.js";
import { describeOutcome } from "./outcome.js";
import { runScenario, type ScenarioOptions, type ScenarioRun } from "./scenario.js";

const ITEM_COUNT = Number(process.env.WIX_FAULT_ITEMS ?? 1000);
const SCENARIO_DEADLINE_MS = 6 * 60_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let broker: RabbitNode | null = null;

function defineOutcomeChecks(getRun: () => ScenarioRun | undefined): void {
  const run = () => {
    const value = getRun();
    if (!value) throw new Error("the scenario did not run; see the before hook's error");
    return value;
  };

  it("finishes before the deadline", () => {
    expect(run().timedOut, describeOutcome(run().report)).to.equal(false);
  });

  it("reports a result for every event", () => {
    expect(run().report.missingResults, describeOutcome(run().report)).to.deep.equal([]);
  });

  it("ends every item Synced or Failed", () => {
    expect(run().report.unfinished, describeOutcome(run().report)).to.deep.equal([]);
  });

  it("gives every failure a reason", () => {
    expect(run().report.failedWithoutReason, describeOutcome(run().report)).to.deep.equal([]);
  });

  // Every item in the catalog is valid and every fault is transient, so a Failed item means the
  // worker gave up on something a retry or a re-read would have fixed.
  it("fails no valid item", () => {
    expect(run().report.failed, describeOutcome(run().report)).to.deep.equal([]);
  });

  it("keeps one Wix product per SKU", () => {
    expect(run().report.duplicates, describeOutcome(run().report)).to.deep.equal([]);
  });

  it("leaves Wix equal to the last published state", () => {
    expect(run().report.mismatches, describeOutcome(run().report)).to.deep.equal([]);
  });

  it("holds one product per item", () => {
    expect(run().productCount, describeOutcome(run().report)).to.equal(ITEM_COUNT);
  });

  it("sends only results that match the contract", () => {
    expect(run().context.writeback.invalid.slice(0, 3)).to.deep.equal([]);
  });
}

function scenario(
  title: string,
  options: Omit<ScenarioOptions, "amqpUrl" | "itemCount" | "deadlineMs" | "name"> & {
    name: string;
  },
  extraChecks?: (getRun: () => ScenarioRun) => void,
): void {
  describe(title, function () {
    this.timeout(SCENARIO_DEADLINE_MS + 120_000);
    let run: ScenarioRun | undefined;

    before(async function () {
      if (!broker) skipBecause(this, "the suite's RabbitMQ node did not start");
      run = await runScenario({
        ...options,
        amqpUrl: broker.url,
        itemCount: ITEM_COUNT,
        deadlineMs: SCENARIO_DEADLINE_MS,
      });
      console.log(`        Wix calls ${JSON.stringify(run.wixCallsByRoute)}`);
      console.log(
        `      ${options.name}: ${Math.round(run.wallMs / 1000)} s\n${indent(describeOutcome(run.report))}`,
      );
    });

    defineOutcomeChecks(() => run);
    extraChecks?.(() => run!);
  });
}

function indent(text: string): string {
  return text
    .split("\n")
    .map((line) => `        ${line}`)
    .join("\n");
}

describe("worker under faults", function () {
  this.timeout(120_000);

  before(async function () {
    if (!findRabbitServer())
      skipBecause(this, "rabbitmq-server is not installed, so no private node");
    broker = await startRabbitNode();
  });

  after(async () => {
    await broker?.dispose();
    broker = null;
  });

  // V1 runs here because V1 does not reject a second product with the same SKU, so only the
  // worker's adopt-by-SKU can keep a redelivered create from duplicating a product.
  scenario("when the worker is SIGKILLed mid-run", {
    name: "sigkill",
    secondRevisionEvery: 4,
    sandbox: { catalogVersion: "V1" },
    faultAfterResults: 300,
    async injectFault(context) {
      const victim = context.workers.shift()!;
      await victim.kill("SIGKILL");
      await sleep(1000);
      context.workers.push(await context.startWorker());
    },
  });

  scenario("when RabbitMQ restarts mid-run", {
    name: "broker_restart",
    secondRevisionEvery: 4,
    sandbox: { catalogVersion: "V3" },
    faultAfterResults: 300,
    async injectFault() {
      await broker!.stop();
      await sleep(5000);
      await broker!.start();
    },
  });

  scenario("when Wix answers 30% 5xx, 10% timeouts and 429 bursts", {
    name: "wix_faults",
    secondRevisionEvery: 4,
    sandbox: {
      catalogVersion: "V3",
      faults: {
        errorRate: 0.3,
        timeoutRate: 0.1,
        burst429: { afterRequests: 100, count: 30, everyRequests: 400 },
        // Wix may commit a write and lose the response, and retrying it must not duplicate products.
        phase: "after",
      },
    },
    config: { request_timeout_ms: 1000 },
    faultAfterResults: 200,
    async injectFault() {},
  });

  scenario(
    "when Frappe write-back is down for 60 s",
    {
      name: "writeback_down",
      secondRevisionEvery: 4,
      sandbox: { catalogVersion: "V3" },
      faultAfterResults: 200,
      async injectFault(context) {
        await context.writeback.outage(60_000);
      },
    },
    (run) => {
      it("creates each product once while results wait", () => {
        expect(run().createRequests, JSON.stringify(run().wixCallsByRoute)).to.equal(ITEM_COUNT);
      });
    },
  );
});
