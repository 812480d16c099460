import type { Context, Suite, Test } from "mocha";

type Reasoned = Test & { skipReason?: string };

function suiteTests(suite: Suite): Test[] {
  return [...suite.tests, ...suite.suites.flatMap(suiteTests)];
}

/**
 * Skip the running test, or every test of the suite when called from a hook, and record why,
 * so the summary reporter can print the reason.
 */
export function skipBecause(context: Context, reason: string): never {
  const runnable = context.test as (Mocha.Runnable & { type?: string }) | undefined;
  if (runnable?.type === "hook" && runnable.parent) {
    for (const test of suiteTests(runnable.parent)) (test as Reasoned).skipReason = reason;
  } else if (runnable) {
    (runnable as Reasoned).skipReason = reason;
  }
  context.skip();
}
