// The before-hook step that every suite calling the bench over HTTP starts with.
import type { Context } from "mocha";

import { skipBecause } from "../support/skip.js";
import { benchUnavailableReason, loginAdministrator, type Auth } from "./bench-client.js";

/**
 * Skips the suite, with the reason, when no bench with wix_integration responds. Otherwise logs in
 * as Administrator and returns the session. Call it from the suite's `before` hook.
 */
export async function adminOrSkip(context: Context): Promise<Auth> {
  const reason = await benchUnavailableReason();
  if (reason) skipBecause(context, reason);
  return loginAdministrator();
}
