import { expect } from "chai";
import type { Health, SyncResultEvent } from "../../desk-ui/src/data/types.js";
import { BulkProgressTracker } from "../../desk-ui/src/lib/bulkProgress.js";
import { coalesce } from "../../desk-ui/src/lib/coalesce.js";
import { layoutHourlyChart, niceCeiling } from "../../desk-ui/src/lib/hourlyChart.js";
import { latestOnly } from "../../desk-ui/src/lib/latestOnly.js";
import { applySyncResult, RECENT_LIMIT } from "../../desk-ui/src/lib/liveHealth.js";

function health(recent: Health["recent"]): Health {
  return {
    enabled: true,
    broker: { reachable: true, error: null },
    queue_depth: 0,
    worker: { alive: true, heartbeat_age_seconds: 5, worker_id: "w1", catalog_version: "V3" },
    success_rate: { "24h": 1, "7d": 1 },
    totals: { synced: 4, failed: 1, pending: 1 },
    last_sync: null,
    recent,
    hourly: [],
  };
}

const row = (name: string, status = "Queued") => ({
  name,
  item: `ITEM-${name}`,
  status,
  operation: "upsert",
  trigger: "manual",
  message: null,
  modified: "2026-12-04 12:00:00.000000",
  wix_product_id: null,
});

const result = (log: string, status = "Success"): SyncResultEvent => ({
  item_code: `ITEM-${log}`,
  status,
  message: "Created Wix product p1",
  log,
  wix_product_id: "p1",
  product_page_url: null,
  finished_at: "2026-12-04T12:00:05.000Z",
});

describe("applySyncResult", () => {
  describe("when the log row is listed", () => {
    it("moves it to the top with its new status", () => {
      const next = applySyncResult(health([row("a"), row("b")]), result("b"));
      expect(next.recent.map((entry) => [entry.name, entry.status])).to.deep.equal([
        ["b", "Success"],
        ["a", "Queued"],
      ]);
      expect(next.recent[0]?.operation).to.equal("upsert");
      expect(next.recent[0]?.wix_product_id).to.equal("p1");
    });
  });

  describe("when the log row is new", () => {
    it("adds it and keeps the list length", () => {
      const rows = Array.from({ length: RECENT_LIMIT }, (_, index) => row(`r${index}`));
      const next = applySyncResult(health(rows), result("new", "Failed"));
      expect(next.recent).to.have.length(RECENT_LIMIT);
      expect(next.recent[0]?.name).to.equal("new");
      expect(next.recent.at(-1)?.name).to.equal(`r${RECENT_LIMIT - 2}`);
    });
  });

  it("points the last sync at the result and leaves totals alone", () => {
    const before = health([]);
    const next = applySyncResult(before, result("a", "Failed"));
    expect(next.last_sync).to.deep.equal({
      item_code: "ITEM-a",
      status: "Failed",
      at: "2026-12-04T12:00:05.000Z",
    });
    expect(next.totals).to.deep.equal(before.totals);
  });
});

describe("BulkProgressTracker", () => {
  describe("when events arrive before the job id is known", () => {
    it("applies them once it is", () => {
      const tracker = new BulkProgressTracker();
      tracker.record({ job_id: "j1", done: 3, total: 10, failed: 1 });
      expect(tracker.progress("j1", 10)).to.deep.include({
        done: 3,
        failed: 1,
        percent: 30,
        finished: false,
      });
    });
  });

  describe("when an older event arrives late", () => {
    it("keeps the newer progress", () => {
      const tracker = new BulkProgressTracker();
      tracker.record({ job_id: "j1", done: 8, total: 10, failed: 0 });
      tracker.record({ job_id: "j1", done: 5, total: 10, failed: 0 });
      expect(tracker.progress("j1", 10).done).to.equal(8);
    });
  });

  describe("when the job matched nothing", () => {
    it("is finished at 100 %", () => {
      expect(new BulkProgressTracker().progress("j2", 0)).to.deep.include({
        finished: true,
        percent: 100,
      });
    });
  });

  it("keeps jobs apart", () => {
    const tracker = new BulkProgressTracker();
    tracker.record({ job_id: "j1", done: 10, total: 10, failed: 0 });
    expect(tracker.progress("j2", 4)).to.deep.include({ done: 0, total: 4, finished: false });
  });
});

describe("coalesce", () => {
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  describe("when called in a burst before it runs", () => {
    it("runs once", async () => {
      let runs = 0;
      const schedule = coalesce(async () => {
        runs += 1;
      }, 50);
      for (let index = 0; index < 10; index += 1) schedule();
      await sleep(100);
      expect(runs).to.equal(1);
    });
  });

  describe("when called while it runs", () => {
    it("runs once more, an interval after the first start", async () => {
      const starts: number[] = [];
      const schedule = coalesce(async () => {
        starts.push(Date.now());
        await sleep(20);
      }, 100);
      schedule();
      await sleep(5);
      for (let index = 0; index < 10; index += 1) schedule();
      await sleep(250);
      expect(starts).to.have.length(2);
      expect(starts[1]! - starts[0]!).to.be.at.least(95);
    });
  });

  describe("when the task fails", () => {
    it("still runs the next call", async () => {
      let runs = 0;
      const schedule = coalesce(async () => {
        runs += 1;
        if (runs === 1) throw new Error("health() failed");
      }, 10);
      const consoleError = console.error;
      console.error = () => {};
      try {
        schedule();
        await sleep(20);
        schedule();
        await sleep(50);
      } finally {
        console.error = consoleError;
      }
      expect(runs).to.equal(2);
    });
  });
});

describe("latestOnly", () => {
  describe("when an earlier call answers last", () => {
    it("marks it stale", async () => {
      const lookup = latestOnly(
        (ms: number, value: string) =>
          new Promise<string>((resolve) => setTimeout(() => resolve(value), ms)),
      );
      const slow = lookup(40, "mu");
      const fast = lookup(5, "mug");
      expect(await fast).to.deep.equal({ stale: false, value: "mug" });
      expect(await slow).to.deep.equal({ stale: true });
    });
  });
});

describe("layoutHourlyChart", () => {
  const buckets = [
    { hour: "2026-12-04T10:00:00.000Z", success: 3, failed: 1 },
    { hour: "2026-12-04T11:00:00.000Z", success: 0, failed: 0 },
    { hour: "2026-12-04T12:00:00.000Z", success: 6, failed: 2 },
  ];

  describe("when there were syncs", () => {
    const chart = layoutHourlyChart(buckets, 300, 100, 0);

    it("scales to a round maximum", () => {
      expect(chart.max).to.equal(10);
      expect(chart.ticks).to.deep.equal([0, 5, 10]);
    });

    it("stacks failed on top of success", () => {
      const bar = chart.bars[2]!;
      expect(bar.success).to.deep.equal({ y: 40, height: 60, count: 6 });
      expect(bar.failed).to.deep.equal({ y: 20, height: 20, count: 2 });
    });

    it("places bars oldest first", () => {
      expect(chart.bars.map((bar) => bar.x)).to.deep.equal([0, 100, 200]);
    });

    it("adds up the totals", () => {
      expect([chart.totalSuccess, chart.totalFailed]).to.deep.equal([9, 3]);
    });
  });

  describe("when nothing synced", () => {
    it("draws empty bars under a one-sync axis", () => {
      const chart = layoutHourlyChart([{ hour: "h", success: 0, failed: 0 }], 100, 50);
      expect(chart.max).to.equal(1);
      expect(chart.bars[0]?.success.height).to.equal(0);
    });
  });
});

describe("niceCeiling", () => {
  it("rounds up to 1, 2 or 5 times a power of ten", () => {
    expect([0, 1, 3, 7, 11, 26, 180].map(niceCeiling)).to.deep.equal([1, 1, 5, 10, 20, 50, 200]);
  });
});
