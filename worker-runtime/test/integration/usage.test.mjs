// Real workerd: usage batches reach the platform's endpoint (service binding or URL), and survive its absence.
import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { freePort, sha256, startWorkerd } from "../helpers/workerd.mjs";
import { initializeParams, modernMeta, post, rpc, sseEvents, startUsageEndpoint, waitFor } from "../helpers/mcp-http.mjs";

const KEY = "usage-key";
const cleanups = [];
after(async () => {
  for (const c of cleanups.reverse()) await c();
});

const call = (url, name, args = {}) => post(`${url}/mcp`, rpc("tools/call", { name, arguments: args }), { key: KEY });

for (const useService of [true, false]) {
  describe(`workerd: usage batches via ${useService ? "the USAGE service binding" : "MCP_USAGE_URL (public fetch)"}`, () => {
    it("every tools/call becomes one event with the contract's fields (never arguments or results), bearer-authenticated", async () => {
      const usage = await startUsageEndpoint();
      cleanups.push(usage.close);
      const w = await startWorkerd({ keys: [KEY], usagePort: usage.port, useService });
      cleanups.push(w.stop);
      await call(w.url, "test_simple_text");
      await call(w.url, "test_error_handling");
      await call(w.url, "test_sampling", { prompt: 7 });
      await post(`${w.url}/mcp`, rpc("tools/list"), { key: KEY }); // not a call: no event
      const events = await waitFor(() => (usage.events().length >= 3 ? usage.events() : null), { what: "3 usage events" });
      assert.equal(events.length, 3);
      const batch = usage.state.batches[0];
      assert.equal(batch.authorization, "Bearer usage-token-for-tests");
      assert.equal(batch.path, "/v1/usage");
      assert.equal(batch.body.serverId, "acme/tools/test-server");
      assert.equal(batch.body.contractVersion, 1);
      assert.equal(typeof batch.body.batchId, "string");
      assert.equal(batch.body.dropped, 0);
      for (const event of events) {
        assert.deepEqual(Object.keys(event).sort(), ["durationMs", "errorKind", "eventId", "keyId", "ok", "serverId", "tool", "ts"]);
        assert.equal(event.keyId, sha256(KEY).slice(0, 12));
        assert.equal(event.serverId, "acme/tools/test-server");
        assert.ok(Number.isFinite(event.durationMs) && event.durationMs >= 0);
        assert.ok(!Number.isNaN(Date.parse(event.ts)));
      }
      const byTool = Object.fromEntries(events.map((e) => [e.tool, [e.ok, e.errorKind]]));
      assert.deepEqual(byTool, {
        test_simple_text: [true, null],
        test_error_handling: [false, "tool_exception"],
        test_sampling: [false, "invalid_arguments"],
      });
      assert.doesNotMatch(JSON.stringify(usage.state.batches), /simple text response|intentionally|"prompt"/);
    });
  });
}

describe("workerd: the usage outbox survives the platform's absence", () => {
  it("calls succeed while the endpoint is down; their events arrive once, after it comes back", async () => {
    const port = await freePort(); // nothing listens here yet
    const w = await startWorkerd({ keys: [KEY], usagePort: port });
    cleanups.push(w.stop);
    for (let i = 0; i < 5; i++) {
      const res = await call(w.url, "test_simple_text");
      assert.equal(res.status, 200);
      assert.equal(res.messages.at(-1).result.content[0].text, "This is a simple text response for testing.");
    }
    await new Promise((r) => setTimeout(r, 1500)); // at least one failed send and a backoff
    const usage = await startUsageEndpoint({ port });
    cleanups.push(usage.close);
    const events = await waitFor(() => (usage.events().length >= 5 ? usage.events() : null), { timeoutMs: 20_000, what: "the 5 kept events" });
    await new Promise((r) => setTimeout(r, 700));
    const ids = usage.events().map((e) => e.eventId);
    assert.equal(ids.length, 5, "each event delivered once");
    assert.equal(new Set(ids).size, 5);
    assert.ok(events.every((e) => e.tool === "test_simple_text" && e.ok));
  });
});

describe("workerd: usage events carry the calling key's id on every path", () => {
  it("2026-07-28, a 2025 session and a legacy SSE session each record their calls with the key id", async () => {
    const other = "second-usage-key";
    const usage = await startUsageEndpoint();
    cleanups.push(usage.close);
    const w = await startWorkerd({ keys: [KEY, other], usagePort: usage.port });
    cleanups.push(w.stop);
    const modern = await post(`${w.url}/mcp`, rpc("tools/call", { name: "test_simple_text", arguments: {}, _meta: modernMeta() }), {
      key: KEY,
      headers: { "mcp-protocol-version": "2026-07-28", "mcp-method": "tools/call", "mcp-name": "test_simple_text" },
    });
    assert.equal(modern.status, 200, modern.text);
    const init = await post(`${w.url}/mcp`, rpc("initialize", initializeParams()), { key: other });
    const sessionId = init.headers.get("mcp-session-id");
    await post(`${w.url}/mcp`, { jsonrpc: "2.0", method: "notifications/initialized" }, { key: other, sessionId, protocolVersion: "2025-11-25" });
    const inSession = await post(`${w.url}/mcp`, rpc("tools/call", { name: "test_image_content", arguments: {} }), { key: other, sessionId, protocolVersion: "2025-11-25" });
    assert.equal(inSession.status, 200);
    const stream = await fetch(`${w.url}/sse`, { headers: { authorization: `Bearer ${KEY}` } });
    const events = sseEvents(stream);
    const endpoint = (await events.next((e) => e.event === "endpoint")).data;
    await post(`${w.url}${endpoint}`, rpc("initialize", initializeParams({}, "2024-11-05"), 1), { key: KEY });
    await events.next((e) => e.data.includes('"id":1'));
    await post(`${w.url}${endpoint}`, rpc("tools/call", { name: "test_audio_content", arguments: {} }, 2), { key: KEY });
    await events.next((e) => e.data.includes('"id":2'));
    events.cancel();
    const recorded = await waitFor(() => (usage.events().length >= 3 ? usage.events() : null), { what: "3 usage events" });
    const byTool = Object.fromEntries(recorded.map((e) => [e.tool, e.keyId]));
    assert.deepEqual(byTool, {
      test_simple_text: sha256(KEY).slice(0, 12),
      test_image_content: sha256(other).slice(0, 12),
      test_audio_content: sha256(KEY).slice(0, 12),
    });
  });
});
