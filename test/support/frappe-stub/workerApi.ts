// The wix_integration.api.worker methods the worker calls with token auth, validated against the
// message contract.
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { contractDir } from "../contract.js";
import { FrappeError, jsonArg, validationError } from "./http.js";
import type { Publisher } from "./adminApi.js";
import type { StubState } from "./state.js";

function contractValidator(schema: string): ValidateFunction {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  const folder = path.join(contractDir, "schemas");
  for (const file of readdirSync(folder).filter((name) => name.endsWith(".schema.json"))) {
    ajv.addSchema(JSON.parse(readFileSync(path.join(folder, file), "utf8")) as object);
  }
  const validate = ajv.getSchema(`urn:wix-integration:${schema}`);
  if (!validate) throw new Error(`contract schema urn:wix-integration:${schema} not found`);
  return validate;
}

interface SyncResult {
  event_id: string;
  item_code: string;
  operation: string;
  status: string;
  message: string;
  finished_at: string;
  worker_id: string;
  wix: {
    product_id: string | null;
    product_page_url: string | null;
    catalog_version: string | null;
  };
}

export function workerMethods(state: StubState, publish: Publisher) {
  const validResult = contractValidator("sync-result");
  const validHeartbeat = contractValidator("heartbeat");

  return {
    report_result: (args: Record<string, unknown>) => {
      const result = jsonArg<SyncResult>(args.result, "result");
      if (!validResult(result)) {
        throw validationError(
          `result is not a valid sync-result: ${JSON.stringify(validResult.errors)}`,
        );
      }
      const log = state.logs.find((row) => row.event_id === result.event_id);
      if (!log)
        throw new FrappeError(
          404,
          "DoesNotExistError",
          `No Wix Integration Log for event ${result.event_id}`,
        );
      if (log.finished_at) return { log: log.name, status: log.status };

      log.status = result.status;
      log.operation = result.operation;
      log.message = result.message;
      log.wix_product_id = result.wix.product_id;
      log.finished_at = new Date(result.finished_at);
      log.modified = new Date();
      publish.toManagers("wix_sync_result", {
        item_code: result.item_code,
        status: result.status,
        message: result.message,
        log: log.name,
        wix_product_id: result.wix.product_id,
        product_page_url: result.wix.product_page_url,
        finished_at: result.finished_at,
      });
      publish.toManagers("wix_health_changed", {});
      return { log: log.name, status: log.status };
    },

    heartbeat: (args: Record<string, unknown>) => {
      const heartbeat = jsonArg<{ worker_id: string; catalog_version?: string | null }>(
        args.heartbeat,
        "heartbeat",
      );
      if (!validHeartbeat(heartbeat)) {
        throw validationError(
          `heartbeat is not a valid heartbeat: ${JSON.stringify(validHeartbeat.errors)}`,
        );
      }
      state.lastHeartbeat = {
        at: new Date(),
        worker_id: heartbeat.worker_id,
        catalog_version: heartbeat.catalog_version ?? null,
      };
      // Like the app, a heartbeat announces nothing; the page polls health for worker status.
      return { ok: true };
    },
  };
}
