#!/usr/bin/env node
// Serves the built runtime with the internal `conformance` pack in real workerd on 127.0.0.1, for tests written in
// other languages (tests/WorkerRuntime.Tests). Prints one JSON line {"url", "port"} when ready; stops workerd
// (SIGTERM, then SIGKILL after 2 s) when its stdin closes or it receives SIGTERM/SIGINT.
// Usage: node scripts/serve-test-server.mjs --key KEY [--key KEY2] [--rate N] [--keepalive-ms N]

import { serverConfig, startWorkerd } from "../test/helpers/workerd.mjs";

const args = process.argv.slice(2);
const keys = [];
let rate = null;
let keepAliveMs = null;
for (let i = 0; i < args.length; i++) {
  if (args[i] === "--key") keys.push(args[++i]);
  else if (args[i] === "--rate") rate = Number(args[++i]);
  else if (args[i] === "--keepalive-ms") keepAliveMs = args[++i];
  else {
    console.error(`unknown argument ${args[i]}`);
    process.exit(2);
  }
}

const w = await startWorkerd({
  keys,
  config: serverConfig({ plan: "enterprise", limits: { ratePerMinute: rate } }),
  extraBindings: keepAliveMs ? { MCP_SSE_KEEPALIVE_MS: { text: keepAliveMs } } : {},
});
process.stdout.write(`${JSON.stringify({ url: w.url, port: w.port, readyMs: Math.round(w.readyMs) })}\n`);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await w.stop();
  process.exit(0);
};
process.stdin.on("end", stop);
process.stdin.on("close", stop);
process.stdin.resume();
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
