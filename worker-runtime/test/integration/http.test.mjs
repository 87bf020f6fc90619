// Real workerd, built modules, contract bindings: routes, auth, DNS-rebinding protection, both protocol eras.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { modernMeta, post, rawRequest, rpc } from "../helpers/mcp-http.mjs";
import { serverConfig, startWorkerd } from "../helpers/workerd.mjs";

const KEY = "mk_live_first-key";
const ROTATED = "mk_live_second-key";
let w;

before(async () => {
  w = await startWorkerd({ keys: [KEY, ROTATED] });
});
after(() => w?.stop());

describe("workerd: routes and auth", () => {
  it("GET /healthz answers {\"status\":\"ok\"} without a key, and nothing else", async () => {
    const res = await fetch(`${w.url}/healthz`);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { status: "ok" });
  });

  it("a missing or wrong key is 401 with a JSON-RPC error and a challenge, leaking no tool", async () => {
    for (const key of [undefined, "wrong"]) {
      const res = await post(`${w.url}/mcp`, rpc("tools/list"), { key });
      assert.equal(res.status, 401);
      assert.match(res.headers.get("www-authenticate"), /^Bearer realm="mcp"/);
      assert.equal(res.messages[0].error.code, -32001);
      assert.doesNotMatch(res.text, /test_|conformance|inputSchema/);
    }
    const sse = await fetch(`${w.url}/sse`);
    assert.equal(sse.status, 401);
    await sse.body?.cancel();
  });

  it("accepts Bearer, ?key= and any of the rotated keys", async () => {
    assert.equal((await post(`${w.url}/mcp`, rpc("tools/list"), { key: KEY })).status, 200);
    assert.equal((await post(`${w.url}/mcp`, rpc("tools/list"), { key: ROTATED })).status, 200);
    const viaQuery = await post(`${w.url}/mcp?key=${encodeURIComponent(KEY)}`, rpc("tools/list"));
    assert.equal(viaQuery.status, 200);
    assert.ok(viaQuery.messages[0].result.tools.some((t) => t.name === "test_simple_text"));
  });

  it("an unknown path is 404", async () => {
    const res = await post(`${w.url}/nope`, rpc("ping"), { key: KEY });
    assert.equal(res.status, 404);
  });

  it("stateless 2025-era requests are served on /mcp (no session)", async () => {
    const res = await post(`${w.url}/mcp`, rpc("tools/call", { name: "test_simple_text", arguments: {} }), { key: KEY, protocolVersion: "2025-06-18" });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("mcp-session-id"), null);
    assert.equal(res.messages.at(-1).result.content[0].text, "This is a simple text response for testing.");
  });

  it("2026-07-28 requests are served: server/discover and tools/call with the _meta envelope", async () => {
    const headers = { "mcp-protocol-version": "2026-07-28" };
    const discover = await post(`${w.url}/mcp`, rpc("server/discover", { _meta: modernMeta() }), { key: KEY, headers: { ...headers, "mcp-method": "server/discover" } });
    assert.equal(discover.status, 200, discover.text);
    assert.ok(discover.messages[0].result.supportedVersions.includes("2026-07-28"));
    const call = await post(`${w.url}/mcp`, rpc("tools/call", { name: "test_simple_text", arguments: {}, _meta: modernMeta() }), {
      key: KEY,
      headers: { ...headers, "mcp-method": "tools/call", "mcp-name": "test_simple_text" },
    });
    assert.equal(call.status, 200, call.text);
    assert.equal(call.messages.at(-1).result.content[0].text, "This is a simple text response for testing.");
  });

  it("bad tool arguments answer isError with a message naming the problem", async () => {
    const res = await post(`${w.url}/mcp`, rpc("tools/call", { name: "test_sampling", arguments: { prompt: 42 } }), { key: KEY });
    const result = res.messages.at(-1).result;
    assert.equal(result.isError, true);
    assert.match(result.content[0].text, /Invalid arguments for tool 'test_sampling': 'prompt': value type "number" is invalid\. Expected "string"/);
  });
});

describe("workerd: DNS-rebinding protection (raw HTTP)", () => {
  const body = JSON.stringify(rpc("tools/list"));
  const base = () => ({ port: w.port, body, headers: { "content-type": "application/json", accept: "application/json, text/event-stream", authorization: `Bearer ${KEY}` } });

  it("a foreign Host is refused with 403 before auth or protocol", async () => {
    const res = await rawRequest({ ...base(), headers: { ...base().headers, host: "evil.example.com" } });
    assert.equal(res.status, 403);
    assert.match(JSON.parse(res.text).error.message, /Host 'evil\.example\.com' is not allowed/);
    const noKey = await rawRequest({ ...base(), headers: { host: "evil.example.com", "content-type": "application/json" } });
    assert.equal(noKey.status, 403);
  });

  it("a foreign Origin is refused with 403", async () => {
    const res = await rawRequest({ ...base(), headers: { ...base().headers, host: `127.0.0.1:${w.port}`, origin: "http://evil.example.com" } });
    assert.equal(res.status, 403);
  });

  it("allowed Host and Origin values are served", async () => {
    const res = await rawRequest({ ...base(), headers: { ...base().headers, host: `localhost:${w.port}`, origin: `http://localhost:${w.port}` } });
    assert.equal(res.status, 200);
  });
});

describe("workerd: a configuration the runtime cannot serve", () => {
  it("answers 500 'Server misconfigured' naming the problem (after the key check), and /healthz still answers", async () => {
    const broken = await startWorkerd({ keys: [KEY], config: serverConfig({ tools: [{ use: "slack" }] }) });
    try {
      const res = await post(`${broken.url}/mcp`, rpc("tools/list"), { key: KEY });
      assert.equal(res.status, 500);
      assert.match(res.messages[0].error.message, /^Server misconfigured: tool 'slack' is configured but not bundled in this Worker/);
      assert.equal((await post(`${broken.url}/mcp`, rpc("tools/list"), { key: "wrong" })).status, 401);
      assert.equal((await fetch(`${broken.url}/healthz`)).status, 200);
    } finally {
      await broken.stop();
    }
  });
});
