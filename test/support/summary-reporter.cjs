// Mocha's spec reporter, plus a stats file for scripts/run-tests.mjs and the reason behind
// every skipped test (set with skipBecause() in test/support/skip.ts).
const Mocha = require("mocha");
const fs = require("node:fs");

class SummaryReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    const skipped = [];
    runner.on("pending", (test) =>
      skipped.push(`${test.fullTitle()}: ${test.skipReason ?? "no reason given"}`),
    );
    runner.once("end", () => {
      if (skipped.length)
        console.log(`\nSkipped:\n${skipped.map((line) => `  - ${line}`).join("\n")}`);
      const file = process.env.MOCHA_STATS_FILE;
      if (file) fs.writeFileSync(file, JSON.stringify(this.stats));
    });
  }
}

module.exports = SummaryReporter;
