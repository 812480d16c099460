import type { Context } from "mocha";

/** Skip the running test and record why, so the summary reporter can print the reason. */
export function skipBecause(context: Context, reason: string): never {
  if (context.test) (context.test as { skipReason?: string }).skipReason = reason;
  context.skip();
}
