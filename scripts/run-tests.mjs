#!/usr/bin/env node
// Run every suite that can run on this machine and print one closing line:
// `N passed, N failed, N skipped`, summed over lint, type checks, pytest, mocha and the bench tests.
//
// Usage: node scripts/run-tests.mjs [step ...]   (steps: see STEPS; by default all of them, with the
// fault suite only when CI is set)
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { homedir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const artifacts = path.join(root, "artifacts");
mkdirSync(artifacts, { recursive: true });
process.env.WIX_FIXTURES_DIR ??= path.resolve(root, "..", "shared", "fixtures");

const totals = { passed: 0, failed: 0, skipped: 0 };
const report = [];

// Each step runs in a process group of its own, so processes a suite leaves behind are killed when
// the step ends and cannot hold the output pipe open. A step that outlives its timeout fails.
function run(
  command,
  args,
  { timeoutMinutes = 30, env = process.env, capture = false, cwd = root } = {},
) {
  console.log(`\n$ ${command} ${args.join(" ")}`);
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd,
      env,
      detached: true,
      stdio: capture ? ["ignore", "pipe", "pipe"] : "inherit",
    });
    let output = "";
    if (capture) {
      for (const stream of [child.stdout, child.stderr]) {
        stream.on("data", (chunk) => {
          output += chunk;
          process.stdout.write(chunk);
        });
      }
    }
    const killGroup = (signal) => {
      try {
        process.kill(-child.pid, signal);
      } catch {
        // The group is already gone.
      }
    };
    const timer = setTimeout(() => {
      console.error(`${command} ran longer than ${timeoutMinutes} minutes; stopping it`);
      killGroup("SIGKILL");
    }, timeoutMinutes * 60_000);
    child.on("error", (error) => {
      clearTimeout(timer);
      console.error(`could not start ${command}: ${error.message}`);
      resolve({ status: 1, output });
    });
    child.on("close", (status) => {
      clearTimeout(timer);
      killGroup("SIGKILL");
      resolve({ status: status ?? 1, output });
    });
  });
}

function record(step, counts, note = "") {
  totals.passed += counts.passed;
  totals.failed += counts.failed;
  totals.skipped += counts.skipped;
  report.push({ step, ...counts, note });
}

async function check(step, command, args) {
  const { status } = await run(command, args);
  record(step, { passed: status === 0 ? 1 : 0, failed: status === 0 ? 0 : 1, skipped: 0 });
}

function bin(name) {
  return path.join(root, "node_modules", ".bin", name);
}

function python(name) {
  return path.join(root, ".venv", "bin", name);
}

async function ensurePython() {
  return (await run("bash", ["scripts/setup-python.sh"])).status === 0;
}

async function pytest() {
  const xml = path.join(artifacts, "pytest.xml");
  rmSync(xml, { force: true });
  await run(python("pytest"), ["-q", `--junitxml=${xml}`]);
  if (!existsSync(xml))
    return record("pytest", { passed: 0, failed: 1, skipped: 0 }, "pytest wrote no report");
  const suite = readFileSync(xml, "utf8").match(/<testsuite [^>]*>/)?.[0] ?? "";
  const count = (name) => Number(suite.match(new RegExp(`\\b${name}="(\\d+)"`))?.[1] ?? 0);
  const failed = count("failures") + count("errors");
  const skipped = count("skipped");
  record("pytest", { passed: count("tests") - failed - skipped, failed, skipped });
}

async function mocha(step, args, timeoutMinutes) {
  const statsFile = path.join(artifacts, `${step}-stats.json`);
  rmSync(statsFile, { force: true });
  await run(bin("mocha"), args, {
    env: { ...process.env, MOCHA_STATS_FILE: statsFile },
    timeoutMinutes,
  });
  if (!existsSync(statsFile))
    return record(step, { passed: 0, failed: 1, skipped: 0 }, "mocha wrote no report");
  const stats = JSON.parse(readFileSync(statsFile, "utf8"));
  record(step, { passed: stats.passes, failed: stats.failures, skipped: stats.pending });
}

// The site `bench use` chose: bench 5 writes default_site to common_site_config.json, older
// releases wrote sites/currentsite.txt.
function benchSite(benchPath) {
  if (process.env.WIX_BENCH_SITE) return process.env.WIX_BENCH_SITE;
  const commonConfig = path.join(benchPath, "sites", "common_site_config.json");
  if (existsSync(commonConfig)) {
    const defaultSite = JSON.parse(readFileSync(commonConfig, "utf8")).default_site;
    if (defaultSite) return defaultSite;
  }
  const current = path.join(benchPath, "sites", "currentsite.txt");
  return existsSync(current) ? readFileSync(current, "utf8").trim() : "";
}

async function benchTests() {
  const benchPath = process.env.WIX_BENCH_PATH ?? path.join(homedir(), "frappe-bench");
  const site = benchSite(benchPath);
  const skip = (reason) => {
    console.log(`\nbench tests skipped: ${reason}`);
    record("bench", { passed: 0, failed: 0, skipped: 1 }, reason);
  };
  if (!existsSync(path.join(benchPath, "apps", "frappe"))) return skip(`no bench at ${benchPath}`);
  if (!site)
    return skip(`no site chosen: set WIX_BENCH_SITE or run \`bench use <site>\` in ${benchPath}`);
  const apps = spawnSync("bench", ["--site", site, "list-apps"], {
    cwd: benchPath,
    encoding: "utf8",
  });
  if (!apps.stdout?.includes("wix_integration"))
    return skip(`wix_integration is not installed on site ${site}`);
  const { status, output } = await run(
    "bench",
    ["--site", site, "run-tests", "--app", "wix_integration"],
    {
      cwd: benchPath,
      capture: true,
      // bench run-tests exits 0 on failures unless CI is set.
      env: { ...process.env, CI: "1" },
      timeoutMinutes: 20,
    },
  );
  const ran = Number(output.match(/Ran (\d+) tests?/)?.[1] ?? 0);
  const field = (name) => Number(output.match(new RegExp(`${name}=(\\d+)`))?.[1] ?? 0);
  const failed = field("failures") + field("errors");
  const skipped = field("skipped");
  if (ran === 0 || (status !== 0 && failed === 0)) {
    return record(
      "bench",
      { passed: 0, failed: 1, skipped: 0 },
      `run-tests exited ${status} after ${ran} tests`,
    );
  }
  record("bench", { passed: ran - failed - skipped, failed, skipped });
}

const STEPS = {
  eslint: () => check("eslint", bin("eslint"), ["."]),
  prettier: () => check("prettier", bin("prettier"), ["--check", "."]),
  ruff: () => check("ruff check", python("ruff"), ["check", "frappe_app", "test/python"]),
  "ruff-format": () =>
    check("ruff format", python("ruff"), ["format", "--check", "frappe_app", "test/python"]),
  "tsc-worker": () => check("tsc worker", bin("tsc"), ["-p", "worker", "--noEmit"]),
  "tsc-test": () => check("tsc test", bin("tsc"), ["-p", "test", "--noEmit"]),
  "vue-tsc": () => check("vue-tsc desk-ui", bin("vue-tsc"), ["-p", "desk-ui", "--noEmit"]),
  build: () => check("build desk-ui", bin("vite"), ["build", "desk-ui"]),
  "tsc-bench": () => check("tsc bench", bin("tsc"), ["-p", "bench", "--noEmit"]),
  pytest,
  mocha: () => mocha("mocha", ["--config", "test/.mocharc.json"], 30),
  bench: benchTests,
  faults: () =>
    mocha(
      "faults",
      [
        "--node-option",
        "import=tsx",
        "--reporter",
        "test/support/summary-reporter.cjs",
        "--timeout",
        "20000",
        "--exit",
        "test/faults/faults.suite.ts",
      ],
      40,
    ),
};

// The fault suite takes minutes of retry-queue waits, so a plain run leaves it out; CI includes it.
const DEFAULT_STEPS = Object.keys(STEPS).filter((name) => name !== "faults" || process.env.CI);

const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !(name in STEPS));
if (unknown.length) {
  console.error(`unknown step ${unknown.join(", ")}; steps are: ${Object.keys(STEPS).join(", ")}`);
  process.exit(2);
}
const needsPython = (name) => ["ruff", "ruff-format", "pytest"].includes(name);
const steps = wanted.length ? wanted : DEFAULT_STEPS;
const pythonReady = steps.some(needsPython) ? await ensurePython() : true;
for (const name of steps) {
  if (needsPython(name) && !pythonReady) {
    record(name, { passed: 0, failed: 1, skipped: 0 }, "scripts/setup-python.sh failed");
    continue;
  }
  await STEPS[name]();
}

console.log("\nSummary by step:");
for (const row of report) {
  const note = row.note ? `  (${row.note})` : "";
  console.log(
    `  ${row.step.padEnd(16)} ${row.passed} passed, ${row.failed} failed, ${row.skipped} skipped${note}`,
  );
}
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed > 0 ? 1 : 0);
