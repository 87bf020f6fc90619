// Real workerd: 2025-era sessions in the McpSession object (two requests, server→client sampling, termination)
// and the legacy HTTP+SSE transport (endpoint under X-Forwarded-Prefix, replies on the stream, keepalive comments).
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ACCEPT, initializeParams, post, rpc, sseEvents } from "../helpers/mcp-http.mjs";
import { serverConfig, startWorkerd } from "../helpers/workerd.mjs";

const KEY = "session-key";
let w;
let storage;
before(async () => {
  // Durable Object storage on disk, as the local platform runs it: workerd's in-memory storage does not outlive an
  // object's eviction, which the last test here relies on.
  storage = mkdtempSync(join(tmpdir(), "mcpsaas-do-"));
  w = await startWorkerd({ keys: [KEY], config: serverConfig({ limits: { ratePerMinute: 8 } }), extraBindings: { MCP_SSE_KEEPALIVE_MS: { text: "200" } }, storage });
});
after(async () => {
  await w?.stop();
  if (storage) rmSync(storage, { recursive: true, force: true });
});

async function openSession(capabilities = {}) {
  const init = await post(`${w.url}/mcp`, rpc("initialize", initializeParams(capabilities)), { key: KEY });
  assert.equal(init.status, 200);
  const sessionId = init.headers.get("mcp-session-id");
  assert.match(sessionId ?? "", /^[\x21-\x7e]+$/);
  const ack = await post(`${w.url}/mcp`, { jsonrpc: "2.0", method: "notifications/initialized" }, { key: KEY, sessionId, protocolVersion: "2025-11-25" });
  assert.equal(ack.status, 202);
  return sessionId;
}

describe("workerd: 2025-era sessions (McpSession)", () => {
  it("a session opened by initialize serves the next requests, across separate HTTP requests", async () => {
    const sessionId = await openSession();
    const list = await post(`${w.url}/mcp`, rpc("tools/list"), { key: KEY, sessionId, protocolVersion: "2025-11-25" });
    assert.equal(list.status, 200);
    assert.ok(list.messages[0].result.tools.length > 5);
    const call = await post(`${w.url}/mcp`, rpc("tools/call", { name: "test_simple_text", arguments: {} }), { key: KEY, sessionId, protocolVersion: "2025-11-25" });
    assert.equal(call.messages.at(-1).result.content[0].text, "This is a simple text response for testing.");
  });

  it("server→client sampling: the request goes out on the call's stream, the client's answer (a new POST) reaches the waiting call", async () => {
    const sessionId = await openSession({ sampling: {} });
    const response = await fetch(`${w.url}/mcp`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: ACCEPT, authorization: `Bearer ${KEY}`, "mcp-session-id": sessionId, "mcp-protocol-version": "2025-11-25" },
      body: JSON.stringify(rpc("tools/call", { name: "test_sampling", arguments: { prompt: "What is 2+2?" } }, 500)),
    });
    assert.equal(response.status, 200);
    const events = sseEvents(response);
    const request = JSON.parse((await events.next((e) => e.data.includes("sampling/createMessage"))).data);
    assert.equal(request.params.messages[0].content.text, "What is 2+2?");
    const answer = await post(`${w.url}/mcp`, { jsonrpc: "2.0", id: request.id, result: { role: "assistant", content: { type: "text", text: "4" }, model: "test-model" } }, { key: KEY, sessionId, protocolVersion: "2025-11-25" });
    assert.equal(answer.status, 202);
    const result = JSON.parse((await events.next((e) => e.data.includes('"id":500'))).data);
    assert.equal(result.result.content[0].text, "LLM response: 4");
    events.cancel();
  });

  it("DELETE ends the session; its id is then 404, as is an id never issued", async () => {
    const sessionId = await openSession();
    const del = await fetch(`${w.url}/mcp`, { method: "DELETE", headers: { authorization: `Bearer ${KEY}`, "mcp-session-id": sessionId, "mcp-protocol-version": "2025-11-25" } });
    assert.equal(del.status, 200);
    await del.body?.cancel();
    const after = await post(`${w.url}/mcp`, rpc("tools/list"), { key: KEY, sessionId, protocolVersion: "2025-11-25" });
    assert.equal(after.status, 404);
    const unknown = await post(`${w.url}/mcp`, rpc("tools/list"), { key: KEY, sessionId: "00000000-0000-4000-8000-000000000000", protocolVersion: "2025-11-25" });
    assert.equal(unknown.status, 404);
  });
});

describe("workerd: legacy HTTP+SSE (2024-11-05)", () => {
  async function openSse(headers = {}, query = "") {
    const response = await fetch(`${w.url}/sse${query}`, { headers: { accept: "text/event-stream", ...headers } });
    assert.equal(response.status, 200);
    assert.match(response.headers.get("content-type"), /text\/event-stream/);
    const events = sseEvents(response);
    const endpoint = (await events.next((e) => e.event === "endpoint")).data;
    return { events, endpoint };
  }

  it("round trip: endpoint event under X-Forwarded-Prefix, replies as `event: message`, keepalive comments", async () => {
    const { events, endpoint } = await openSse({ authorization: `Bearer ${KEY}`, "x-forwarded-prefix": "/acme/tools/srv/" });
    assert.match(endpoint, /^\/acme\/tools\/srv\/messages\?sessionId=[0-9a-f-]{36}$/);
    const messagesUrl = `${w.url}${endpoint.replace("/acme/tools/srv", "")}`; // what the front router would strip again
    const send = (message) => post(messagesUrl, message, { key: KEY });
    assert.equal((await send(rpc("initialize", initializeParams({}, "2024-11-05"), 1))).status, 202);
    const init = JSON.parse((await events.next((e) => e.event === "message" && e.data.includes('"id":1'))).data);
    assert.equal(init.result.protocolVersion, "2024-11-05");
    assert.equal((await send({ jsonrpc: "2.0", method: "notifications/initialized" })).status, 202);
    await send(rpc("tools/call", { name: "test_simple_text", arguments: {} }, 2));
    const call = JSON.parse((await events.next((e) => e.event === "message" && e.data.includes('"id":2'))).data);
    assert.equal(call.result.content[0].text, "This is a simple text response for testing.");
    const keepalive = await events.next((e) => e.comment === "keepalive", 3000);
    assert.equal(keepalive.comment, "keepalive");
    events.cancel();
  });

  it("a client that authenticates with ?key= gets it back in the endpoint URL; an unknown session is 404", async () => {
    const { events, endpoint } = await openSse({}, `?key=${KEY}`);
    assert.match(endpoint, new RegExp(`^/messages\\?sessionId=[0-9a-f-]{36}&key=${KEY}$`));
    const res = await post(`${w.url}${endpoint}`, rpc("ping"));
    assert.equal(res.status, 202);
    events.cancel();
    const missing = await post(`${w.url}/messages?sessionId=00000000-0000-4000-8000-000000000000`, rpc("ping"), { key: KEY });
    assert.equal(missing.status, 404);
  });

  it("a tools/call past the rate limit is 429 on the POST and its error is also written to the stream", async () => {
    const { events, endpoint } = await openSse({ authorization: `Bearer ${KEY}` });
    const send = (message) => post(`${w.url}${endpoint}`, message, { key: KEY });
    await send(rpc("initialize", initializeParams({}, "2024-11-05"), 1));
    let status = 202;
    let id = 100;
    for (; id < 120 && status === 202; id++) status = (await send(rpc("tools/call", { name: "test_simple_text", arguments: {} }, id))).status;
    assert.equal(status, 429);
    const refused = JSON.parse((await events.next((e) => e.data.includes(`"id":${id - 1}`) && e.data.includes("error"))).data);
    assert.equal(refused.error.code, -32029);
    events.cancel();
  });
});

describe("workerd: a session outlives its object's eviction", () => {
  it("after the idle McpSession object is evicted (about 10 s in workerd), the session still answers, with its client's capabilities", async () => {
    const sessionId = await openSession({ sampling: {} });
    await new Promise((r) => setTimeout(r, 16_000)); // workerd evicts idle Durable Objects after roughly 10 s
    const list = await post(`${w.url}/mcp`, rpc("tools/list"), { key: KEY, sessionId, protocolVersion: "2025-11-25" });
    assert.equal(list.status, 200, list.text);
    assert.ok(list.messages[0].result.tools.length > 5);
    const response = await fetch(`${w.url}/mcp`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: ACCEPT, authorization: `Bearer ${KEY}`, "mcp-session-id": sessionId, "mcp-protocol-version": "2025-11-25" },
      body: JSON.stringify(rpc("tools/call", { name: "test_sampling", arguments: { prompt: "still there?" } }, 900)),
    });
    const events = sseEvents(response);
    const request = JSON.parse((await events.next((e) => e.data.includes("sampling/createMessage"))).data);
    assert.equal(request.params.messages[0].content.text, "still there?");
    events.cancel();
  });
});
