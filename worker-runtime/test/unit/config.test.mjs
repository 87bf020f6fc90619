import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ConfigError, parseConfig, readConfig } from "../../src/config.mjs";
import { forwardedPrefix, keepAliveMs } from "../../src/internal.mjs";

describe("config", () => {
  it("reads MCP_CONFIG, MCP_KEY_HASHES and MCP_ALLOWED_HOSTS (objects or JSON text)", () => {
    const config = parseConfig({
      MCP_CONFIG: JSON.stringify({ contractVersion: 1, serverId: "o/r/n", name: "n", plan: "free", limits: { ratePerMinute: 30 }, suspended: true, tools: [{ use: "fetch" }] }),
      MCP_KEY_HASHES: ["ABCDEF"],
      MCP_ALLOWED_HOSTS: ["h:1"],
    });
    assert.equal(config.serverId, "o/r/n");
    assert.equal(config.ratePerMinute, 30);
    assert.equal(config.suspended, true);
    assert.deepEqual(config.keyHashes, ["abcdef"]);
    assert.deepEqual(config.allowedHosts, ["h:1"]);
    assert.deepEqual(config.tools, [{ use: "fetch" }]);
  });

  it("treats a missing or non-positive rate limit as unlimited, and missing hashes as none", () => {
    const config = parseConfig({ MCP_CONFIG: { serverId: "s", limits: { ratePerMinute: null } } });
    assert.equal(config.ratePerMinute, null);
    assert.deepEqual(config.keyHashes, []);
    assert.equal(config.allowedHosts, null);
    assert.equal(config.plan, "free");
  });

  it("refuses a missing config, a missing server id, and a contract version it does not serve", () => {
    assert.throws(() => parseConfig({}), (e) => e instanceof ConfigError && /MCP_CONFIG/.test(e.message));
    assert.throws(() => parseConfig({ MCP_CONFIG: {} }), /serverId/);
    assert.throws(() => parseConfig({ MCP_CONFIG: { serverId: "s", contractVersion: 2 } }), /contractVersion 2 is not served by this runtime \(it serves 1\)/);
  });

  it("caches per env object", () => {
    const env = { MCP_CONFIG: { serverId: "s" } };
    assert.equal(readConfig(env), readConfig(env));
  });

  it("X-Forwarded-Prefix: a clean path prefix or nothing", () => {
    const r = (v) => new Request("http://x/", { headers: v === undefined ? {} : { "x-forwarded-prefix": v } });
    assert.equal(forwardedPrefix(r("/acme/tools/srv/")), "/acme/tools/srv");
    assert.equal(forwardedPrefix(r(undefined)), "");
    assert.equal(forwardedPrefix(r("javascript:alert(1)")), "");
    assert.equal(forwardedPrefix(r("/a b")), "");
    assert.equal(forwardedPrefix(r("//evil.com")), "");
  });

  it("keepalive interval: 15 s unless MCP_SSE_KEEPALIVE_MS says otherwise (>= 100 ms)", () => {
    assert.equal(keepAliveMs({}), 15000);
    assert.equal(keepAliveMs({ MCP_SSE_KEEPALIVE_MS: "250" }), 250);
    assert.equal(keepAliveMs({ MCP_SSE_KEEPALIVE_MS: "5" }), 15000);
  });
});
