#!/usr/bin/env node
// npm test: the runtime's suites, one `node --test` run each (TAP, so each prints its own `# pass N` / `# fail N`):
//   unit         pure modules (auth, limiter, outbox, adapter, …)
//   integration  the built dist/ in real workerd (needs `npm run build` first)
//   conformance  the official MCP conformance suites against workerd (installs test/conformance's Node 22 tools once)
// Usage: npm test [-- unit|integration|conformance …]   (default: all, in that order)

import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const suites = {
  unit: ["--test-concurrency=2", "test/unit/"],
  integration: ["--test-concurrency=1", "test/integration/"],
  conformance: ["--test-concurrency=1", "test/conformance/"],
};
const wanted = process.argv.slice(2).length > 0 ? process.argv.slice(2) : Object.keys(suites);

if (!existsSync(join(root, "dist/runtime.mjs")) && wanted.some((s) => s !== "unit")) {
  console.error("dist/runtime.mjs is missing: run `npm run build` first.");
  process.exit(1);
}

let failed = false;
for (const name of wanted) {
  const args = suites[name];
  if (!args) {
    console.error(`unknown suite '${name}' (known: ${Object.keys(suites).join(", ")})`);
    process.exit(2);
  }
  console.log(`# suite: ${name}`);
  const started = Date.now();
  const result = spawnSync(process.execPath, ["--test", "--test-reporter=tap", ...args], { cwd: root, stdio: "inherit" });
  console.log(`# suite ${name}: ${result.status === 0 ? "ok" : "FAILED"} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (result.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);
