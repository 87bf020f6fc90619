// Starts the built runtime in real workerd (binary from npm) on 127.0.0.1 with a free port; stop() = SIGTERM, then SIGKILL after 2 s.

import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { writeServerDir } from "../../scripts/render-capnp.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "../..");
export const WORKERD = join(root, "node_modules/@cloudflare/workerd-linux-64/bin/workerd");

export const sha256 = (text) => createHash("sha256").update(text).digest("hex");

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

export function serverConfig(overrides = {}) {
  return {
    contractVersion: 1,
    serverId: "acme/tools/test-server",
    name: "test-server",
    plan: "pro",
    limits: { ratePerMinute: 600, toolsPerServer: 10 },
    suspended: false,
    tools: [{ use: "conformance" }],
    ...overrides,
  };
}

/**
 * options: { tools = ["conformance"], config, keys = [] (raw keys; their hashes are bound), allowedHosts, usagePort,
 *            usageUrl, useService, extraBindings, runtime, storage, env }
 */
export async function startWorkerd(options = {}) {
  const port = options.port ?? (await freePort());
  const dir = mkdtempSync(join(tmpdir(), "mcpsaas-workerd-"));
  const keys = options.keys ?? [];
  const bindings = {
    MCP_CONFIG: { json: options.config ?? serverConfig() },
    MCP_KEY_HASHES: { json: keys.map(sha256) },
    MCP_ALLOWED_HOSTS: { json: options.allowedHosts ?? [`127.0.0.1:${port}`, `localhost:${port}`] },
    ...(options.extraBindings ?? {}),
  };
  const services = [];
  if (options.usagePort) {
    bindings.MCP_USAGE_URL = { text: options.usageUrl ?? `http://127.0.0.1:${options.usagePort}/v1/usage` };
    bindings.MCP_USAGE_TOKEN = { fromEnvironment: "MCP_USAGE_TOKEN" };
    if (options.useService !== false) {
      services.push({ name: "usage", external: `127.0.0.1:${options.usagePort}` });
      bindings.USAGE = { service: "usage" };
    }
  }
  const configPath = writeServerDir(dir, {
    tools: options.tools ?? ["conformance"],
    runtime: options.runtime ?? "runtime.mjs",
    address: `127.0.0.1:${port}`,
    bindings,
    services,
    storage: options.storage ?? "memory",
    allowLocalOutbound: options.allowLocalOutbound ?? options.useService === false,
  });
  const started = performance.now();
  const child = spawn(WORKERD, ["serve", configPath], {
    cwd: dir,
    env: { PATH: process.env.PATH, MCP_USAGE_TOKEN: "usage-token-for-tests", ...(options.env ?? {}) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  const exited = new Promise((resolve) => child.once("exit", resolve));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 15_000;
  let ready = false;
  while (Date.now() < deadline && child.exitCode === null) {
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) {
        ready = true;
        break;
      }
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, options.readyPollMs ?? 20));
  }
  const readyMs = performance.now() - started;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 2000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  if (!ready) {
    await stop();
    throw new Error(`workerd did not become ready on ${url}:\n${output}`);
  }
  return { url, port, dir, pid: child.pid, readyMs, stop, output: () => output };
}
