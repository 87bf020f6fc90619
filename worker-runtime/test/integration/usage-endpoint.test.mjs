// Real workerd: the usage endpoint's route into a server (status and flush, MCP_USAGE_TOKEN only), the quota
// projection (calls past the limit refused before the next verdict), the trust window, and refusals as events.
import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { freePort, serverConfig, startWorkerd } from "../helpers/workerd.mjs";
import { post, rpc, startUsageEndpoint, waitFor } from "../helpers/mcp-http.mjs";

const KEY = "usage-endpoint-key";
const TOKEN = "usage-token-for-tests"; // startWorkerd binds it as MCP_USAGE_TOKEN
const cleanups = [];
after(async () => {
  for (const c of cleanups.reverse()) await c();
});

const call = (url, name = "test_simple_text") => post(`${url}/mcp`, rpc("tools/call", { name, arguments: {} }), { key: KEY });
const internal = (url, path, { method = "GET", token = TOKEN, query = "" } = {}) =>
  fetch(`${url}${path}${query}`, { method, headers: token ? { authorization: `Bearer ${token}` } : {} });
const flush = async (url) => (await internal(url, "/_mcpsaas/usage/flush", { method: "POST" })).json();
const status = async (url) => (await internal(url, "/_mcpsaas/usage")).json();

describe("workerd: the usage endpoint's route into a server", () => {
  it("answers only the server's usage token: an API key, a wrong token, no token, a query key or another method get the plain 404", async () => {
    const usage = await startUsageEndpoint();
    cleanups.push(usage.close);
    const w = await startWorkerd({ keys: [KEY], usagePort: usage.port });
    cleanups.push(w.stop);
    const unknown = await fetch(`${w.url}/nothing-here`);
    const unknownBody = (await unknown.json()).error.message.replace("/nothing-here", "PATH");
    const attempts = [
      internal(w.url, "/_mcpsaas/usage", { token: KEY }),
      internal(w.url, "/_mcpsaas/usage", { token: "not-the-token" }),
      internal(w.url, "/_mcpsaas/usage", { token: null }),
      internal(w.url, "/_mcpsaas/usage", { token: null, query: `?key=${TOKEN}` }),
      internal(w.url, "/_mcpsaas/usage/flush", { method: "POST", token: KEY }),
      internal(w.url, "/_mcpsaas/usage", { method: "POST" }),
      internal(w.url, "/_mcpsaas/usage/flush", { method: "GET" }),
    ];
    for (const res of await Promise.all(attempts)) {
      assert.equal(res.status, 404);
      const body = await res.json();
      assert.equal(body.error.message.replace(/\/_mcpsaas\/usage(\/flush)?/, "PATH"), unknownBody);
    }
    assert.equal(usage.state.batches.length, 0, "nothing was flushed");
    const ok = await internal(w.url, "/_mcpsaas/usage");
    assert.equal(ok.status, 200);
    const body = await ok.json();
    assert.equal(body.serverId, "acme/tools/test-server");
    assert.deepEqual([body.pending, body.dropped, body.failures, body.nextAttemptAt], [0, 0, 0, null]);
    // The key hashes it accepts (how the CLI confirms a key change is live), never a key.
    const { createHash } = await import("node:crypto");
    assert.deepEqual(body.keyHashes, [createHash("sha256").update(KEY).digest("hex")]);
    assert.ok(!JSON.stringify(body).includes(KEY));
  });

  it("a server without a usage token has no such route", async () => {
    const w = await startWorkerd({ keys: [KEY] });
    cleanups.push(w.stop);
    assert.equal((await internal(w.url, "/_mcpsaas/usage")).status, 404);
    assert.equal((await internal(w.url, "/_mcpsaas/usage", { token: "" })).status, 404);
  });

  it("endpoint down, the server backs off; endpoint back and a flush: what waited is delivered at once, each event once", async () => {
    const port = await freePort();
    const w = await startWorkerd({ keys: [KEY], usagePort: port });
    cleanups.push(w.stop);
    for (let i = 0; i < 7; i++) assert.equal((await call(w.url)).status, 200);
    const down = await waitFor(async () => {
      const s = await status(w.url);
      return s.failures >= 2 ? s : null;
    }, { what: "two failed sends" });
    assert.equal(down.pending, 7);
    assert.ok(Date.parse(down.nextAttemptAt) - Date.now() >= 1000, "backing off");
    const usage = await startUsageEndpoint({ port });
    cleanups.push(usage.close);
    const started = Date.now();
    const after = await flush(w.url);
    assert.equal(after.pending, 0);
    assert.equal(after.failures, 0);
    assert.equal(after.nextAttemptAt, null);
    assert.ok(Date.now() - started < 2000);
    assert.ok(after.lastDeliveryAt);
    await new Promise((r) => setTimeout(r, 600));
    const ids = usage.events().map((e) => e.eventId);
    assert.equal(ids.length, 7);
    assert.equal(new Set(ids).size, 7);
  });
});

describe("workerd: the quota projection", () => {
  it("quota 3 with a verdict asked for at deploy: calls 1–3 served, 4–6 refused with the upgrade message and recorded as refusals", async () => {
    const usage = await startUsageEndpoint({ counting: { base: 0, limit: 3 } });
    cleanups.push(usage.close);
    const w = await startWorkerd({ keys: [KEY], config: serverConfig({ plan: "free", limits: { ratePerMinute: 60 } }), usagePort: usage.port });
    cleanups.push(w.stop);
    const nudged = await flush(w.url);
    assert.deepEqual(nudged.quota && [nudged.quota.limit, nudged.quota.used], [3, 0]);
    const outcomes = [];
    for (let i = 0; i < 6; i++) {
      const message = (await call(w.url)).messages.at(-1);
      outcomes.push(message.error ? message.error.code : "served");
      if (message.error) {
        assert.match(message.error.message, /plan 'free' allows 3 tool calls per month.*upgrade/);
        assert.equal(message.error.data.reason, "exceeded");
      }
    }
    assert.deepEqual(outcomes, ["served", "served", "served", -32003, -32003, -32003]);
    const events = await waitFor(() => (usage.events().length >= 6 ? usage.events() : null), { what: "6 events" });
    assert.deepEqual(events.map((e) => e.errorKind), [null, null, null, "quota_exceeded", "quota_exceeded", "quota_exceeded"]);
    assert.ok(events.every((e) => e.tool === "test_simple_text"));
    assert.equal(usage.state.quota.used, 3, "refusals never count");
  });

  it("past the trust window without a verdict, at most the allowance is served, then 'cannot be verified' until the endpoint answers", async () => {
    const port = await freePort();
    let usage = await startUsageEndpoint({ port, counting: { base: 0, limit: 50 } });
    const w = await startWorkerd({
      keys: [KEY],
      config: serverConfig({ plan: "free", limits: { ratePerMinute: 600 } }),
      usagePort: port,
      extraBindings: { MCP_USAGE_TRUST_MS: { text: "1500" } },
    });
    cleanups.push(w.stop);
    await flush(w.url);
    await usage.close();
    await new Promise((r) => setTimeout(r, 1700));
    const outcomes = [];
    for (let i = 0; i < 11; i++) {
      const message = (await call(w.url)).messages.at(-1);
      outcomes.push(message.error ? message.error.data.reason : "served");
      if (message.error) assert.match(message.error.message, /^Monthly quota cannot be verified.*10 calls.*resume as soon as the usage endpoint answers/);
    }
    assert.deepEqual(outcomes, [...Array(10).fill("served"), "unverified"]);
    usage = await startUsageEndpoint({ port, counting: { base: 0, limit: 50 } });
    cleanups.push(usage.close);
    await flush(w.url);
    assert.equal((await call(w.url)).messages.at(-1).result.content[0].type, "text");
    // The 10 served while unverified, the refusal and the call after: each once (some may reach the outbox after the flush).
    await waitFor(() => usage.events().length >= 12, { what: "12 events" });
    await new Promise((r) => setTimeout(r, 600));
    const kinds = usage.events().map((e) => e.errorKind);
    assert.equal(kinds.filter((k) => k === null).length, 11);
    assert.deepEqual(kinds.filter((k) => k !== null), ["quota_unverified"]);
    assert.equal(new Set(usage.events().map((e) => e.eventId)).size, 12);
  });
});
