#!/usr/bin/env node
// bench/worker: the Worker runtime in real workerd on loopback. Prints figures; not a test.
//   1. tools/call on a no-I/O tool (conformance/test_simple_text): p50/p99 of sequential calls and the throughput
//      of 8 concurrent callers, for (a) the full runtime (auth, limiter, usage outbox flushed to a local stub) and
//      (b) the same SDK runtime with auth, limits and usage compiled out (dist/bench/runtime-bare.mjs), on three paths:
//      2026-07-28 stateless, 2025 stateless, 2025 session (McpSession object).
//   2. workerd ready time (spawn → first 200 from /healthz) per tool set: no tool, one pack, all user-facing packs, all.
//   3. uploaded size per tool set (bytes, raw and gzipped, summed over the modules), and per tool module.
// Every loop is bounded in count and time; everything binds to 127.0.0.1.
// Usage: node bench/worker/run.mjs [--quick]   (needs `npm ci && npm run build` in worker-runtime)

import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { Agent, request } from "node:http";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const root = join(dirname(fileURLToPath(import.meta.url)), "../..");
const runtimeDir = join(root, "worker-runtime");
if (!existsSync(join(runtimeDir, "dist/runtime.mjs"))) {
  console.error("worker-runtime/dist is missing: run `npm ci && npm run build` in worker-runtime first.");
  process.exit(1);
}
const { startWorkerd, serverConfig } = await import(join(runtimeDir, "test/helpers/workerd.mjs"));
const { renderEntryModule } = await import(join(runtimeDir, "scripts/render-capnp.mjs"));
const { startUsageEndpoint } = await import(join(runtimeDir, "test/helpers/mcp-http.mjs"));

const quick = process.argv.includes("--quick");
const ROUNDS = quick ? 2 : 3; // bare and full alternate, each on a fresh workerd; medians over rounds (the machine is shared)
const SEQUENTIAL = quick ? 500 : 1500;
const WARMUP = quick ? 100 : 300;
const CONCURRENCY = 8;
const CONCURRENT_MS = quick ? 2000 : 5000;
const CONCURRENT_MAX = 100_000;
const KEY = "bench-key";

const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });

function post(port, headers, body) {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path: "/mcp", method: "POST", agent, headers: { ...headers, "content-length": Buffer.byteLength(body) } }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (d) => (text += d));
      res.on("end", () => (res.statusCode === 200 && text.includes("simple text response") ? resolve(res) : reject(new Error(`HTTP ${res.statusCode}: ${text.slice(0, 300)}`))));
    });
    req.setTimeout(10_000, () => req.destroy(new Error("timeout")));
    req.on("error", reject);
    req.end(body);
  });
}

const baseHeaders = { "content-type": "application/json", accept: "application/json, text/event-stream", authorization: `Bearer ${KEY}` };
const meta2026 = {
  "io.modelcontextprotocol/protocolVersion": "2026-07-28",
  "io.modelcontextprotocol/clientInfo": { name: "bench", version: "1" },
  "io.modelcontextprotocol/clientCapabilities": {},
};

async function pathsFor(port) {
  const init = await new Promise((resolve, reject) => {
    const body = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "bench", version: "1" } } });
    const req = request({ host: "127.0.0.1", port, path: "/mcp", method: "POST", agent, headers: { ...baseHeaders, "content-length": Buffer.byteLength(body) } }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.headers["mcp-session-id"]));
    });
    req.on("error", reject);
    req.end(body);
  });
  const call = JSON.stringify({ jsonrpc: "2.0", id: 2, method: "tools/call", params: { name: "test_simple_text", arguments: {} } });
  return {
    "2026-07-28 stateless": {
      headers: { ...baseHeaders, "mcp-protocol-version": "2026-07-28", "mcp-method": "tools/call", "mcp-name": "test_simple_text" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 2, method: "tools/call", params: { name: "test_simple_text", arguments: {}, _meta: meta2026 } }),
    },
    "2025 stateless": { headers: { ...baseHeaders, "mcp-protocol-version": "2025-06-18" }, body: call },
    "2025 session": { headers: { ...baseHeaders, "mcp-protocol-version": "2025-11-25", "mcp-session-id": init }, body: call },
  };
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

/** CPU time (user + system, ms) the workerd process has used so far (Linux /proc; CLK_TCK = 100). */
function cpuMs(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

async function measure(port, pid, { headers, body }) {
  for (let i = 0; i < WARMUP; i++) await post(port, headers, body);
  const times = [];
  const seqStart = performance.now();
  for (let i = 0; i < SEQUENTIAL && performance.now() - seqStart < 60_000; i++) {
    const t = performance.now();
    await post(port, headers, body);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  let done = 0;
  const cpuStart = cpuMs(pid);
  const start = performance.now();
  const deadline = start + CONCURRENT_MS;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < deadline && done < CONCURRENT_MAX) {
        await post(port, headers, body);
        done++;
      }
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  const cpuPerCall = ((cpuMs(pid) - cpuStart) * 1000) / done;
  return { p50: percentile(times, 50), p99: percentile(times, 99), mean: times.reduce((a, b) => a + b, 0) / times.length, rps: done / seconds, cpu: cpuPerCall, n: times.length };
}

async function runVariant(variant) {
  const usage = variant === "full" ? await startUsageEndpoint() : null;
  const storage = mkdtempSync(join(tmpdir(), "mcpsaas-bench-do-")); // on disk, as the local platform runs it
  const w = await startWorkerd({
    storage,
    keys: [KEY],
    runtime: variant === "full" ? "runtime.mjs" : "bench/runtime-bare.mjs",
    config: serverConfig({ plan: "enterprise", limits: { ratePerMinute: 10_000_000 } }),
    usagePort: usage?.port,
  });
  try {
    const paths = await pathsFor(w.port);
    const out = {};
    for (const [name, path] of Object.entries(paths)) out[name] = await measure(w.port, w.pid, path);
    if (usage) {
      await new Promise((r) => setTimeout(r, 1500));
      out.usageEvents = usage.events().length;
      out.usageBatches = usage.state.batches.length;
    }
    return out;
  } finally {
    await w.stop();
    await usage?.close();
    rmSync(storage, { recursive: true, force: true });
  }
}

function sizesFor(toolIds) {
  const modules = {
    "main.mjs": Buffer.from(renderEntryModule(toolIds)),
    "runtime.mjs": readFileSync(join(runtimeDir, "dist/runtime.mjs")),
  };
  for (const id of toolIds) modules[`tools/${id}.mjs`] = readFileSync(join(runtimeDir, "dist/tools", `${id}.mjs`));
  let raw = 0;
  let gz = 0;
  for (const content of Object.values(modules)) {
    raw += content.length;
    gz += gzipSync(content).length;
  }
  return { raw, gz, modules: Object.keys(modules).length };
}

async function readyTimes(toolIds, runs = quick ? 3 : 7) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const w = await startWorkerd({ keys: [KEY], tools: toolIds, config: serverConfig({ tools: toolIds.map((use) => ({ use })) }), readyPollMs: 2 });
    times.push(w.readyMs);
    await w.stop();
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)], min: times[0], max: times.at(-1) };
}

const fmt = (n, d = 2) => n.toFixed(d);
console.log(`# bench/worker — workerd ${JSON.parse(readFileSync(join(runtimeDir, "node_modules/workerd/package.json"), "utf8")).version}, node ${process.version}; per path: ${SEQUENTIAL} sequential calls, then ${CONCURRENCY} concurrent callers for ${CONCURRENT_MS / 1000} s; ${ROUNDS} alternating rounds, medians`);
const rounds = { bare: [], full: [] };
for (let round = 0; round < ROUNDS; round++) {
  rounds.bare.push(await runVariant("bare"));
  rounds.full.push(await runVariant("full"));
}
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const combine = (list) => {
  const out = {};
  for (const path of Object.keys(list[0]).filter((k) => typeof list[0][k] === "object")) {
    out[path] = {};
    for (const metric of ["p50", "p99", "mean", "rps", "cpu"]) out[path][metric] = median(list.map((r) => r[path][metric]));
  }
  out.usageEvents = list.reduce((sum, r) => sum + (r.usageEvents ?? 0), 0);
  out.usageBatches = list.reduce((sum, r) => sum + (r.usageBatches ?? 0), 0);
  return out;
};
const bare = combine(rounds.bare);
const full = combine(rounds.full);
console.log("\n## tools/call on a no-I/O tool (test_simple_text), loopback (medians over rounds)");
console.log("| path | variant | p50 ms | p99 ms | mean ms | throughput req/s | full/bare throughput | workerd CPU µs/call | full/bare by CPU |");
console.log("|---|---|---|---|---|---|---|---|---|");
for (const path of ["2026-07-28 stateless", "2025 stateless", "2025 session"]) {
  for (const [variant, r] of [["(b) bare", bare[path]], ["(a) full", full[path]]]) {
    const isFull = variant === "(a) full";
    const ratio = isFull ? `${fmt((100 * full[path].rps) / bare[path].rps, 0)} %` : "";
    const cpuRatio = isFull ? `${fmt((100 * bare[path].cpu) / full[path].cpu, 0)} %` : "";
    console.log(`| ${path} | ${variant} | ${fmt(r.p50)} | ${fmt(r.p99)} | ${fmt(r.mean)} | ${fmt(r.rps, 0)} | ${ratio} | ${fmt(r.cpu, 0)} | ${cpuRatio} |`);
  }
}
console.log("\n(full/bare by CPU = bare's workerd CPU per call / full's: the capacity ratio, steadier than wall-clock throughput on a shared machine)");
console.log(`\nfull runtime: ${full.usageEvents} usage events delivered in ${full.usageBatches} batches to the local stub over all rounds`);

const available = readFileSync(join(runtimeDir, "dist/manifest.json"), "utf8");
const toolIds = JSON.parse(available).tools;
console.log("\n## workerd ready time (spawn → first 200 from /healthz), median of runs");
console.log("| tool set | median ms | min ms | max ms |");
console.log("|---|---|---|---|");
// The user-facing packs (issue #5): a server with one of them, and a server with all of them.
const userPacks = ["slack", "github", "fetch", "notion"].filter((id) => toolIds.includes(id));
const label = (set) => (set.length === 0 ? "runtime only (no tool)" : set === toolIds ? `${set.join(" + ")} (all built packs)` : set === userPacks ? `${set.join(" + ")} (all user-facing packs)` : set.join(" + "));
for (const set of [[], ["conformance"], ...userPacks.map((id) => [id]), ...(userPacks.length > 1 ? [userPacks] : []), toolIds]) {
  const r = await readyTimes(set);
  console.log(`| ${label(set)} | ${fmt(r.median, 0)} | ${fmt(r.min, 0)} | ${fmt(r.max, 0)} |`);
}

console.log("\n## uploaded size per tool set (main.mjs + runtime.mjs + tools/*.mjs)");
console.log("| tool set | modules | bytes | gzipped bytes |");
console.log("|---|---|---|---|");
for (const set of [[], ...toolIds.map((id) => [id]), ...(userPacks.length > 1 ? [userPacks] : []), toolIds]) {
  const s = sizesFor(set);
  console.log(`| ${label(set).replace(" (no tool)", "")} | ${s.modules} | ${s.raw} | ${s.gz} |`);
}
console.log("\n## tool modules alone (what each pack adds to an upload)");
console.log("| module | bytes | gzipped bytes |");
console.log("|---|---|---|");
for (const id of toolIds) {
  const content = readFileSync(join(runtimeDir, "dist/tools", `${id}.mjs`));
  console.log(`| tools/${id}.mjs | ${content.length} | ${gzipSync(content).length} |`);
}
console.log(`\nbuilt tool packs: ${toolIds.join(", ")}`);
agent.destroy();
