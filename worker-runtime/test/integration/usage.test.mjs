// Real workerd: usage batches reach the platform's endpoint (service binding or URL), and survive its absence.
import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { freePort, sha256, startWorkerd } from "../helpers/workerd.mjs";
import { post, rpc, startUsageEndpoint, waitFor } from "../helpers/mcp-http.mjs";

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
