// Real workerd: the per-minute window (429), the monthly-quota verdict, suspension.
import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { initializeParams, post, rpc, startUsageEndpoint, waitFor } from "../helpers/mcp-http.mjs";
import { serverConfig, startWorkerd } from "../helpers/workerd.mjs";

const KEY = "limits-key";
const cleanups = [];
after(async () => {
  for (const c of cleanups.reverse()) await c();
});

const call = (url, name = "test_simple_text") => post(`${url}/mcp`, rpc("tools/call", { name, arguments: {} }), { key: KEY });

describe("workerd: per-minute rate limit", () => {
  it("the call past min(plan, access) per minute is 429 with a JSON-RPC error naming the limit and the reset", async () => {
    const w = await startWorkerd({ keys: [KEY], config: serverConfig({ plan: "free", limits: { ratePerMinute: 3, toolsPerServer: 2 } }) });
    cleanups.push(w.stop);
    for (let i = 0; i < 3; i++) assert.equal((await call(w.url)).status, 200);
    const refused = await post(`${w.url}/mcp`, rpc("tools/call", { name: "test_simple_text", arguments: {} }, 77), { key: KEY });
    assert.equal(refused.status, 429);
    const retryAfter = Number(refused.headers.get("retry-after"));
    assert.ok(retryAfter >= 1 && retryAfter <= 62, `retry-after ${retryAfter}`); // 60 s + the lease span (admission.mjs)
    const error = refused.messages[0];
    assert.equal(error.id, 77);
    assert.equal(error.error.code, -32029);
    assert.match(error.error.message, /at most 3 tool calls per minute/);
    assert.match(error.error.message, /accepted at \d{4}-\d\d-\d\dT/);
    assert.equal(error.error.data.limit, 3);
    // other methods are not counted and keep working
    const list = await post(`${w.url}/mcp`, rpc("tools/list"), { key: KEY });
    assert.equal(list.status, 200);
  });

  it("the window is shared by every route: a legacy SSE session's calls count too (one limiter per server)", async () => {
    const w = await startWorkerd({ keys: [KEY], config: serverConfig({ limits: { ratePerMinute: 2 } }) });
    cleanups.push(w.stop);
    const init = await post(`${w.url}/mcp`, rpc("initialize", initializeParams()), { key: KEY });
    const sessionId = init.headers.get("mcp-session-id");
    assert.ok(sessionId);
    assert.equal((await call(w.url)).status, 200);
    const inSession = await post(`${w.url}/mcp`, rpc("tools/call", { name: "test_simple_text", arguments: {} }), { key: KEY, sessionId, protocolVersion: "2025-11-25" });
    assert.equal(inSession.status, 200);
    const third = await post(`${w.url}/mcp`, rpc("tools/call", { name: "test_simple_text", arguments: {} }), { key: KEY, sessionId, protocolVersion: "2025-11-25" });
    assert.equal(third.status, 429);
  });
});

describe("workerd: suspended server", () => {
  it("every MCP method answers 'server suspended'; nothing is counted or sent", async () => {
    const usage = await startUsageEndpoint();
    cleanups.push(usage.close);
    const w = await startWorkerd({ keys: [KEY], config: serverConfig({ suspended: true, limits: { ratePerMinute: 1 } }), usagePort: usage.port });
    cleanups.push(w.stop);
    for (const message of [rpc("initialize", initializeParams()), rpc("tools/list"), rpc("ping"), rpc("tools/call", { name: "test_simple_text", arguments: {} }), rpc("tools/call", { name: "test_simple_text", arguments: {} })]) {
      const res = await post(`${w.url}/mcp`, message, { key: KEY });
      assert.notEqual(res.status, 429, "nothing counted against the rate limit");
      assert.equal(res.messages[0].id, message.id);
      assert.equal(res.messages[0].error.code, -32002);
      assert.match(res.messages[0].error.message, /^Server suspended/);
    }
    const sse = await fetch(`${w.url}/sse`, { headers: { authorization: `Bearer ${KEY}` } });
    assert.equal(sse.status, 403);
    assert.match((await sse.json()).error.message, /suspended/);
    await new Promise((r) => setTimeout(r, 800));
    assert.equal(usage.state.batches.length, 0);
    // auth still comes first: a suspended server does not tell strangers it exists
    assert.equal((await post(`${w.url}/mcp`, rpc("ping"))).status, 401);
  });
});

describe("workerd: monthly quota verdict", () => {
  it("while the usage reply says exceeded, tools/call is refused naming plan, limit and upgrade; list, ping, initialize work", async () => {
    const usage = await startUsageEndpoint({ quota: { limit: 5000, used: 4999, exceeded: false } });
    cleanups.push(usage.close);
    const w = await startWorkerd({ keys: [KEY], config: serverConfig({ plan: "free" }), usagePort: usage.port });
    cleanups.push(w.stop);
    assert.equal((await call(w.url)).status, 200);
    await waitFor(() => usage.state.batches.length >= 1, { what: "the first usage batch" });
    usage.state.quota = { limit: 5000, used: 5000, exceeded: true };
    assert.equal((await call(w.url)).messages.at(-1).result.content[0].type, "text"); // the 5000th call; its batch's reply says exceeded
    await waitFor(() => usage.state.batches.length >= 2, { what: "the second usage batch" });
    const refused = await waitFor(
      async () => {
        const res = await call(w.url);
        return res.messages.at(-1)?.error ? res : null;
      },
      { what: "the quota refusal" },
    );
    const error = refused.messages.at(-1).error;
    assert.equal(error.code, -32003);
    assert.match(error.message, /plan 'free' allows 5,000 tool calls per month/);
    assert.match(error.message, /upgrade/);
    assert.equal(error.data.plan, "free");
    assert.equal(error.data.limit, 5000);
    for (const method of ["tools/list", "ping"]) {
      const res = await post(`${w.url}/mcp`, rpc(method), { key: KEY });
      assert.ok(res.messages.at(-1).result, `${method} still works`);
    }
    const init = await post(`${w.url}/mcp`, rpc("initialize", initializeParams()), { key: KEY });
    assert.ok(init.messages.at(-1).result.serverInfo);
  });
});
