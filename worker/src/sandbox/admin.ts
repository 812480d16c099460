/** The `/_sandbox/` admin endpoints that tests and the demo use to read and steer a sandbox. */
import type { IncomingMessage, ServerResponse } from "node:http";

import { parseJson, readBody, sendJson } from "./http-io.js";
import type { Sandbox, SandboxOptions } from "./options.js";

export const ADMIN_PREFIX = "/_sandbox/";

/** Serve one `/_sandbox/` request. These endpoints need no auth because the sandbox is loopback-only. */
export async function handleAdmin(
  sandbox: Sandbox,
  method: string,
  path: string,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const command = `${method} ${path.slice(ADMIN_PREFIX.length)}`;
  try {
    if (command === "GET state") return sendJson(response, 200, sandbox.dump());
    if (command === "GET calls") return sendJson(response, 200, { calls: sandbox.calls() });
    if (command === "GET options") return sendJson(response, 200, sandbox.options());
    if (command === "POST reset") {
      await readBody(request);
      sandbox.reset();
      return sendJson(response, 200, { ok: true });
    }
    if (command === "POST options") {
      const patch = parseJson(await readBody(request));
      if (typeof patch !== "object" || patch === null || Array.isArray(patch)) {
        return sendJson(response, 400, {
          message: "POST /_sandbox/options needs a JSON object body.",
        });
      }
      sandbox.setOptions(patch as Partial<SandboxOptions>);
      return sendJson(response, 200, sandbox.options());
    }
    sendJson(response, 404, {
      message: `Unknown sandbox admin call ${method} ${path}; use GET /_sandbox/state, GET /_sandbox/calls, GET /_sandbox/options, POST /_sandbox/reset or POST /_sandbox/options.`,
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    sendJson(response, 400, { message });
  }
}
