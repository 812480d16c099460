// (d) What publishing adds to an Item save in the real bench: save and commit the same Item N times
// with Wix sync on and N times with it off, through the bench's own Python, and compare percentiles.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";

import { benchSite, noSiteReason } from "../test/support/bench-site.js";

export interface PublishOverheadResult {
  skipped: string | null;
  site?: string;
  saves?: number;
  withSyncMs?: { p50: number; p99: number };
  withoutSyncMs?: { p50: number; p99: number };
  /** Time spent in the app's on_update hook and after-commit publish, per save. */
  hookMs?: { p50: number; p99: number; max: number };
  /** The same, split into the on_update hook (outbox row) and the after-commit publish. */
  partsMs?: { hook: { p50: number; p99: number }; publish: { p50: number; p99: number } };
  overheadMs?: { p50: number; p99: number };
  messagesPublished?: number;
  /** Saves that failed with a MariaDB deadlock and were repeated. */
  deadlocks?: number;
  command?: string;
}

// Runs inside the bench's Python with frappe imported. It restores Wix Settings when it ends.
const SCRIPT = String.raw`
import json, sys, time
import frappe

site, saves, amqp_url = sys.argv[1], int(sys.argv[2]), sys.argv[3]
frappe.init(site=site, sites_path=".")
frappe.connect()
frappe.set_user("Administrator")
# Publish to the benchmark's own broker; this changes only this process's copy of site_config.
frappe.local.conf["wix_amqp_url"] = amqp_url
code = "WIX-BENCH-PUBLISH-OVERHEAD"
if not frappe.db.exists("Item", code):
	group = frappe.db.get_value("Item Group", {"is_group": 0}, "name") or "All Item Groups"
	frappe.get_doc({"doctype": "Item", "item_code": code, "item_name": "Publish overhead probe",
		"item_group": group, "stock_uom": frappe.db.get_value("UOM", {}, "name") or "Nos",
		"is_stock_item": 0}).insert()
	frappe.db.commit()

meta = frappe.get_meta("Wix Settings")
toggles = [f.fieldname for f in meta.fields if f.fieldtype == "Check" and f.fieldname in ("enabled", "auto_sync", "auto_sync_items", "sync_items")]
before = {name: frappe.db.get_single_value("Wix Settings", name) for name in toggles}

def set_sync(on):
	for name in toggles:
		frappe.db.set_single_value("Wix Settings", name, 1 if on else 0)
	frappe.db.commit()
	frappe.clear_cache(doctype="Wix Settings")

def logs():
	return frappe.db.count("Wix Integration Log") if frappe.db.table_exists("Wix Integration Log") else 0

# Time the app's own work on each save: the on_update hook (outbox row in the transaction) and the
# after-commit publish. Frappe looks hooks up by dotted path on every call, so the wrappers apply.
from wix_integration import item_events, outbox, published_marks

# A save notes its publish for the scheduler only while one runs, and this bench runs none. Time the
# path of a site whose scheduler runs, and write the notes at the end.
published_marks.scheduler_inactive = lambda: False

spent = [0.0]
parts = {"hook": [0.0], "publish": [0.0]}
part_times = {"hook": [], "publish": []}

def timed(function, part):
	def wrapper(*args, **kwargs):
		start = time.perf_counter()
		try:
			return function(*args, **kwargs)
		finally:
			elapsed = (time.perf_counter() - start) * 1000
			spent[0] += elapsed
			parts[part][0] += elapsed
	return wrapper

item_events.on_item_update = timed(item_events.on_item_update, "hook")
outbox._publish_after_commit = timed(outbox._publish_after_commit, "publish")

deadlocks = [0]

def save_once(i):
	doc = frappe.get_doc("Item", code)
	doc.description = f"<p>probe {i} {time.time()}</p>"
	spent[0] = 0.0
	parts["hook"][0] = parts["publish"][0] = 0.0
	start = time.perf_counter()
	doc.save()
	frappe.db.commit()
	return (time.perf_counter() - start) * 1000

def measure(hook_times=None):
	times = []
	for i in range(saves):
		# Other processes on the same site may write Wix Integration Log rows at the same time; a
		# deadlock fails the save, so count it and save again (at most 10 tries).
		for attempt in range(10):
			try:
				elapsed = save_once(i)
				break
			except frappe.QueryDeadlockError:
				frappe.db.rollback()
				deadlocks[0] += 1
				if attempt == 9:
					raise
				time.sleep(0.5)
		times.append(elapsed)
		if hook_times is not None:
			hook_times.append(spent[0])
			for name in parts:
				part_times[name].append(parts[name][0])
	return times

try:
	set_sync(False)
	measure()
	without = measure()
	set_sync(True)
	logs_before = logs()
	hook = []
	with_sync = measure(hook)
	published = logs() - logs_before
finally:
	for name, value in before.items():
		frappe.db.set_single_value("Wix Settings", name, value or 0)
	frappe.db.commit()
	outbox.flush_published_marks()
print("RESULT " + json.dumps({"toggles": toggles, "with": with_sync, "without": without, "hook": hook, "logs": published, "deadlocks": deadlocks[0], "parts": part_times}))
frappe.destroy()
`;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return Math.round(sorted[index]! * 100) / 100;
}

interface ScriptOutput {
  toggles: string[];
  with: number[];
  without: number[];
  hook: number[];
  logs: number;
  deadlocks: number;
  parts: { hook: number[]; publish: number[] };
}

/** Return the site to measure on, or why there is none. */
function findSite(benchPath: string): { site: string } | { skipped: string } {
  if (!existsSync(path.join(benchPath, "env", "bin", "python"))) {
    return { skipped: `no bench at ${benchPath} (missing env/bin/python)` };
  }
  const site = benchSite(benchPath);
  if (!site) return { skipped: noSiteReason(benchPath) };
  const apps = spawnSync("bench", ["--site", site, "list-apps"], {
    cwd: benchPath,
    encoding: "utf8",
  });
  if (!apps.stdout?.includes("wix_integration")) {
    return { skipped: `wix_integration is not installed on site ${site}` };
  }
  return { site };
}

function summarise(data: ScriptOutput): Omit<PublishOverheadResult, "skipped" | "site" | "saves"> {
  const withSyncMs = { p50: percentile(data.with, 50), p99: percentile(data.with, 99) };
  const withoutSyncMs = { p50: percentile(data.without, 50), p99: percentile(data.without, 99) };
  return {
    withSyncMs,
    withoutSyncMs,
    partsMs: {
      hook: { p50: percentile(data.parts.hook, 50), p99: percentile(data.parts.hook, 99) },
      publish: { p50: percentile(data.parts.publish, 50), p99: percentile(data.parts.publish, 99) },
    },
    hookMs: {
      p50: percentile(data.hook, 50),
      p99: percentile(data.hook, 99),
      max: percentile(data.hook, 100),
    },
    overheadMs: {
      p50: Math.round((withSyncMs.p50 - withoutSyncMs.p50) * 100) / 100,
      p99: Math.round((withSyncMs.p99 - withoutSyncMs.p99) * 100) / 100,
    },
    messagesPublished: data.logs,
    deadlocks: data.deadlocks,
  };
}

/** Measure on the bench's site, publishing to the broker at `amqpUrl` (the benchmark's own node). */
export function benchPublishOverhead(
  benchPath: string,
  saves: number,
  amqpUrl: string,
): PublishOverheadResult {
  const found = findSite(benchPath);
  if ("skipped" in found) return found;
  const command = `cd ${benchPath}/sites && ../env/bin/python - ${found.site} ${saves} <amqp url> < (script in bench/publish-overhead.ts)`;
  const run = spawnSync(
    path.join(benchPath, "env", "bin", "python"),
    ["-", found.site, String(saves), amqpUrl],
    {
      cwd: path.join(benchPath, "sites"),
      input: SCRIPT,
      encoding: "utf8",
      timeout: 20 * 60_000,
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  const line = run.stdout?.split("\n").find((text) => text.startsWith("RESULT "));
  if (!line) {
    const output = (run.stderr || run.stdout || "").slice(-3000);
    return { skipped: `the bench script failed (exit ${run.status}): ${output}` };
  }
  const data = JSON.parse(line.slice("RESULT ".length)) as ScriptOutput;
  if (!data.toggles.length) {
    return { skipped: "Wix Settings has no enabled or auto-sync check field to switch publishing" };
  }
  return { skipped: null, site: found.site, saves, ...summarise(data), command };
}
