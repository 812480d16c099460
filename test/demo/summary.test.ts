import { expect } from "chai";

import type { SyncResult } from "../../worker/src/contract/index.js";
import { convertCatalog } from "../../worker/src/demo/catalogs/index.js";
import { formatOverview, formatSummary, type CatalogRun } from "../../worker/src/demo/summary.js";

function result(itemCode: string, changes: Partial<SyncResult>): SyncResult {
  return {
    schema_version: 1,
    type: "sync.result",
    event_id: "00000000-0000-4000-8000-000000000001",
    item_code: itemCode,
    operation: "create",
    status: "Success",
    attempts: 1,
    duration_ms: 5,
    finished_at: "2026-12-04T12:00:00.000Z",
    worker_id: "test",
    item_version: "2026-12-04 12:00:00.000000",
    dry_run: false,
    wix: {
      product_id: null,
      variant_id: null,
      revision: null,
      catalog_version: "V3",
      product_page_url: null,
      content_hash: null,
    },
    message: "Created Wix product p1.",
    error: null,
    request: null,
    response: null,
    ...changes,
  };
}

function nameError(length: number): SyncResult["error"] {
  return {
    code: "VALIDATION_FAILED",
    message: `name must be at most 80 characters (got ${length})`,
    permanent: true,
    field: "name",
    http_status: null,
  };
}

describe("demo summary", () => {
  const conversion = convertCatalog(
    "item_code,item_name,price_list_rate\nA,Mug,5\nB,Cup,6\nC,Pot,7\nD,Jug,8\n",
    "t.csv",
  );
  const run: CatalogRun = {
    file: "/tmp/t.csv",
    conversion,
    namespace: "wix_integration.demo.1",
    catalogVersion: "V3",
    rateLimit: false,
    published: 5,
    results: [
      result("A", {}),
      result("B", {
        status: "Failed",
        operation: "validate",
        message: "Item name is 81 characters.",
        error: nameError(81),
      }),
      result("C", {
        status: "Failed",
        operation: "validate",
        message: "Item name is 90 characters.",
        error: nameError(90),
      }),
      result("D", {
        status: "Skipped",
        operation: "noop",
        message: "Nothing to hide. Left out image /x.jpg: it is not an absolute URL.",
      }),
    ],
    missing: [{ eventId: "00000000-0000-4000-8000-000000000005", itemCode: "E" }],
    waitEnd: "timeout",
    wixCalls: new Map([
      ["POST /stores/v3/products 200", 1],
      ["POST /stores/v3/products/search 429", 2],
    ]),
    sandboxProducts: 1,
    duplicateSkus: [],
    resultsFile: "/tmp/results.jsonl",
    frappeUrl: null,
    durationMs: 1234,
  };
  const summary = formatSummary(run);

  it("counts each outcome", () => {
    expect(summary).to.include("results     4 of 5, 1 MISSING");
    expect(summary).to.include("synced    1 (created 1, adopted 0, updated 0, hidden 0)");
    expect(summary).to.include("skipped   1");
    expect(summary).to.include("failed    2");
  });

  it("groups failures by code and field", () => {
    expect(summary).to.match(
      / {5}2 {2}VALIDATION_FAILED \(name\)\n {12}e\.g\. B: name must be at most 80/,
    );
  });

  it("groups skips by their first sentence", () => {
    expect(summary).to.match(/ {5}1 {2}Nothing to hide\.\n/);
  });

  it("lists missing items and the timeout", () => {
    expect(summary).to.include("MISSING results (the wait timed out; raise --timeout");
    expect(summary).to.include("E (event 00000000-0000-4000-8000-000000000005)");
  });

  it("lists Wix calls by endpoint and status", () => {
    expect(summary).to.include("Wix calls   3, by endpoint and status:");
    expect(summary).to.include("     2  POST /stores/v3/products/search 429");
  });

  it("says where the results are", () => {
    expect(summary).to.include("results in  /tmp/results.jsonl (no Frappe URL is configured)");
    expect(summary).to.include("time        1.2 s");
  });

  it("counts synced alike in the overview", () => {
    const overview = formatOverview([run]);
    expect(overview).to.match(/t\.csv +5 +1 +0 +1 +2 +1 +1\.2\n?$/);
  });
});
