// src/upstream.mjs against a node:http server on 127.0.0.1: the per-call deadline, bounded reads while
// streaming, redirects (same origin by default, a policy, at most 5), and the failure messages per class.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { ToolError, createUpstream, describeFailure, isLoopbackHost, retryAfterSeconds, upstreamTimeoutMs } from "../../src/upstream.mjs";
import { startStub } from "../helpers/stub-server.mjs";

let a;
let b;
before(async () => {
  const route = (req, reply, res) => {
    if (req.path === "/ok") return reply(200, { hello: "world" });
    if (req.path === "/to-same") return reply(302, "", { location: "/ok" });
    if (req.path === "/to-other") return reply(302, "", { location: `${b.origin}/ok` });
    if (req.path === "/post-303") return reply(303, "", { location: "/ok" });
    if (req.path === "/loop") return reply(302, "", { location: "/loop" });
    if (req.path === "/big") return reply(200, "x".repeat(5000));
    return reply(404, { message: "Not Found" });
  };
  a = await startStub("a", route);
  b = await startStub("b", route);
});
after(async () => {
  await a.close();
  await b.close();
});

describe("upstream: requests", () => {
  it("returns status, headers and the body; JSON bodies are sent with content-type", async () => {
    const up = createUpstream({ service: "Test" });
    const res = await up.request(`${a.origin}/ok`, { method: "POST", json: { x: 1 }, headers: { authorization: "Bearer t" } });
    assert.equal(res.status, 200);
    assert.deepEqual(res.json(), { hello: "world" });
    const seen = a.take()[0];
    assert.equal(seen.headers["content-type"], "application/json");
    assert.equal(seen.body, '{"x":1}');
  });

  it("follows same-origin redirects keeping the token, and refuses another origin by default", async () => {
    const up = createUpstream({ service: "Test" });
    const res = await up.request(`${a.origin}/to-same`, { headers: { authorization: "Bearer t" } });
    assert.equal(res.url, `${a.origin}/ok`);
    assert.deepEqual(a.take().map((r) => [r.path, r.headers.authorization]), [["/to-same", "Bearer t"], ["/ok", "Bearer t"]]);
    await assert.rejects(up.request(`${a.origin}/to-other`, { headers: { authorization: "Bearer t" } }), (e) => e instanceof ToolError && e.kind === "not_allowed" && /redirected to http:\/\/127\.0\.0\.1:\d+, another origin/.test(e.message));
    assert.deepEqual(b.take(), [], "the other origin never saw the request");
    a.take();
  });

  it("a policy may allow another origin: then credentials and cookies are dropped", async () => {
    const up = createUpstream({ service: "Test" });
    const res = await up.request(`${a.origin}/to-other`, { headers: { authorization: "Bearer t", cookie: "c=1" }, redirect: () => null });
    assert.equal(res.status, 200);
    const seen = b.take()[0];
    assert.equal(seen.headers.authorization, undefined);
    assert.equal(seen.headers.cookie, undefined);
    a.take();
  });

  it("303 turns a POST into a GET without body; more than 5 redirects give up", async () => {
    const up = createUpstream({ service: "Test" });
    await up.request(`${a.origin}/post-303`, { method: "POST", json: { x: 1 } });
    assert.deepEqual(a.take().map((r) => [r.method, r.path, r.body]), [["POST", "/post-303", '{"x":1}'], ["GET", "/ok", ""]]);
    await assert.rejects(up.request(`${a.origin}/loop`), /redirected more than 5 times/);
    assert.equal(a.take().length, 6);
  });

  it("bodies over maxBytes fail by default, or are cut with overflow 'cut'", async () => {
    const up = createUpstream({ service: "Test" });
    await assert.rejects(up.request(`${a.origin}/big`, { maxBytes: 1000 }), (e) => e.kind === "too_large" && /more than 1,000 bytes/.test(e.message));
    const cut = await up.request(`${a.origin}/big`, { maxBytes: 1000, overflow: "cut" });
    assert.equal(cut.size, 1000);
    assert.equal(cut.truncated, true);
    a.take();
  });

  it("an endless body is cut at maxBytes while streaming, and the connection is closed", async () => {
    const fault = { stream: { chunk: "y".repeat(1024), intervalMs: 2 } };
    a.inject(fault);
    const up = createUpstream({ service: "Test", timeoutMs: 5000 });
    const res = await up.request(`${a.origin}/stream`, { maxBytes: 10 * 1024, overflow: "cut" });
    assert.equal(res.size, 10 * 1024);
    assert.equal(res.truncated, true);
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(fault.closed, true);
    a.take();
  });

  it("one deadline per call: a hanging answer or a stalled body is a timeout ToolError", async () => {
    const hang = { hang: true };
    a.inject(hang);
    const up = createUpstream({ service: "Slow", timeoutMs: 200 });
    const started = Date.now();
    await assert.rejects(up.request(`${a.origin}/x`), (e) => e.kind === "timeout" && e.message === "Slow did not answer within 0.2 s (this tool's per-call timeout). Retry later, or ask for less.");
    assert.ok(Date.now() - started < 1500);
    const stalled = { stream: { chunk: "z", intervalMs: 10_000 } };
    a.inject(stalled);
    await assert.rejects(createUpstream({ service: "Slow", timeoutMs: 200 }).request(`${a.origin}/y`), (e) => e.kind === "timeout");
    a.take();
  });

  it("cancellation by the client and an unreachable host are ToolErrors too", async () => {
    const controller = new AbortController();
    a.inject({ hang: true });
    const pending = createUpstream({ service: "Test", signal: controller.signal, timeoutMs: 5000 }).request(`${a.origin}/x`);
    setTimeout(() => controller.abort(), 50);
    await assert.rejects(pending, (e) => e.kind === "cancelled" && /cancelled before Test answered/.test(e.message));
    await assert.rejects(createUpstream({ service: "Test" }).request("http://127.0.0.1:1/x"), (e) => e.kind === "unreachable" && /Could not reach Test at 127\.0\.0\.1:1/.test(e.message));
    a.take();
  });

  it("the timeout binding: 10 s by default, MCP_UPSTREAM_TIMEOUT_MS within 50–25000", () => {
    assert.equal(upstreamTimeoutMs({}), 10_000);
    assert.equal(upstreamTimeoutMs({ MCP_UPSTREAM_TIMEOUT_MS: "1500" }), 1500);
    assert.equal(upstreamTimeoutMs({ MCP_UPSTREAM_TIMEOUT_MS: "10" }), 10_000);
    assert.equal(upstreamTimeoutMs({ MCP_UPSTREAM_TIMEOUT_MS: "999999" }), 10_000);
  });
});

describe("upstream: credentials never travel in clear text", () => {
  // Records what would have gone on the wire: the guard must refuse before fetch is ever called.
  async function withRecordedFetch(run) {
    const original = globalThis.fetch;
    const sent = [];
    globalThis.fetch = async (url, init) => {
      sent.push({ url, authorization: new Headers(init?.headers ?? {}).get("authorization") });
      return new Response("{}", { status: 200, headers: { "content-type": "application/json" } });
    };
    try {
      await run();
    } finally {
      globalThis.fetch = original;
    }
    return sent;
  }

  it("refuses to send an Authorization header over plain http to a host that is not loopback", async () => {
    for (const url of ["http://example.com/api/x", "http://10.0.0.5:8080/x", "http://[2001:db8::1]/x", "http://127.0.0.1.example.com/x", "http://localhost.example.com/x"]) {
      const sent = await withRecordedFetch(async () => {
        await assert.rejects(
          createUpstream({ service: "Slack", secretInput: "botToken" }).request(url, { headers: { authorization: "Bearer xoxb-secret" } }),
          (e) => e instanceof ToolError && e.kind === "insecure_transport" && /^Refused to send the credential over plain http to /.test(e.message) && /https/.test(e.message) && !e.message.includes("xoxb-secret"),
        );
      });
      assert.deepEqual(sent, [], `nothing sent to ${url}`);
    }
  });

  it("cookies, Proxy-Authorization and a request marked as carrying a credential are refused alike; https is fine", async () => {
    const sent = await withRecordedFetch(async () => {
      const up = createUpstream({ service: "Test" });
      await assert.rejects(up.request("http://example.com/x", { headers: { cookie: "s=1" } }), (e) => e.kind === "insecure_transport");
      await assert.rejects(up.request("http://example.com/x", { headers: { "proxy-authorization": "Basic eDp5" } }), (e) => e.kind === "insecure_transport");
      await assert.rejects(up.request("http://example.com/x?token=t", { credentials: true }), (e) => e.kind === "insecure_transport");
      await up.request("https://example.com/x", { headers: { authorization: "Bearer t" } });
      await up.request("http://example.com/public");
    });
    assert.deepEqual(sent, [
      { url: "https://example.com/x", authorization: "Bearer t" },
      { url: "http://example.com/public", authorization: null },
    ]);
  });

  it("plain http to loopback (127.0.0.0/8, ::1, localhost) may carry the credential", async () => {
    const sent = await withRecordedFetch(async () => {
      const up = createUpstream({ service: "Test" });
      for (const url of ["http://127.0.0.1:8787/api", "http://127.1.2.3/x", "http://[::1]:9000/x", "http://localhost:3000/x", "http://LOCALHOST./x"]) {
        await up.request(url, { headers: { authorization: "Bearer t" } });
      }
    });
    assert.equal(sent.length, 5);
    assert.ok(sent.every((s) => s.authorization === "Bearer t"));
  });

  it("a redirect policy that allows plain http elsewhere still never sends the credential there", async () => {
    const original = globalThis.fetch;
    const sent = [];
    globalThis.fetch = async (url, init) => {
      sent.push({ url, authorization: new Headers(init?.headers ?? {}).get("authorization") });
      return url.startsWith("https://api.example.com/")
        ? new Response("", { status: 307, headers: { location: "http://api.example.com/next" } })
        : new Response("{}", { status: 200 });
    };
    try {
      await createUpstream({ service: "Test" }).request("https://api.example.com/start", { headers: { authorization: "Bearer t" }, redirect: () => null });
    } finally {
      globalThis.fetch = original;
    }
    assert.deepEqual(sent, [
      { url: "https://api.example.com/start", authorization: "Bearer t" },
      { url: "http://api.example.com/next", authorization: null },
    ]);
  });

  it("isLoopbackHost: 127.0.0.0/8, ::1 and localhost only", () => {
    for (const host of ["127.0.0.1", "127.255.255.254", "[::1]", "::1", "localhost", "LocalHost", "localhost."]) assert.equal(isLoopbackHost(host), true, host);
    for (const host of ["128.0.0.1", "10.0.0.1", "0.0.0.0", "[::]", "[::2]", "example.com", "localhost.example.com", "127.0.0.1.nip.io", "my-localhost", ""]) assert.equal(isLoopbackHost(host), false, host);
  });
});

describe("upstream: failure messages", () => {
  const base = { service: "GitHub", secretInput: "token" };
  it("one message per class, saying what happened and what to do", () => {
    assert.equal(
      describeFailure({ ...base, status: 401, message: "Bad credentials" }),
      'GitHub rejected the credentials (HTTP 401 "Bad credentials"). The token in the secret mapped to `secrets.token` is missing, invalid, expired or revoked: store a valid one (`./mcpsaas secrets set …`) and redeploy the server.',
    );
    assert.equal(
      describeFailure({ ...base, status: 403, scope: "issues=write" }),
      "GitHub refused the request: the token lacks the permission 'issues=write' (HTTP 403). Grant 'issues=write' to the token or app, then update the secret mapped to `secrets.token`.",
    );
    assert.match(describeFailure({ ...base, status: 403 }), /^GitHub refused access \(HTTP 403\)\. The token may lack a permission/);
    assert.equal(describeFailure({ ...base, status: 404, what: "repository acme/x" }), "GitHub found no repository acme/x (HTTP 404). Check the ids and names; resources the token cannot see are reported as not found too.");
    assert.match(describeFailure({ ...base, status: 429, retryAfter: 30 }), /^GitHub rate limit reached \(HTTP 429\)\. Retry after 30 s \(at \d{4}-\d\d-\d\dT/);
    assert.equal(describeFailure({ ...base, status: 429 }), "GitHub rate limit reached (HTTP 429). Wait a minute, then retry.");
    assert.equal(describeFailure({ ...base, status: 502 }), "GitHub failed on its side (HTTP 502). Retry in a moment; if it persists, check GitHub's status.");
    assert.equal(describeFailure({ ...base, status: 422, message: "Validation Failed", hint: "Problems: x." }), 'GitHub refused the request (HTTP 422 "Validation Failed"). Problems: x.');
    assert.equal(describeFailure({ service: "example.com", status: 401, credentials: false }), "example.com requires credentials (HTTP 401). This tool never sends any, so this page cannot be fetched.");
  });

  it("advice replaces the default, long upstream messages are clipped", () => {
    assert.equal(describeFailure({ ...base, kind: "forbidden", code: "not_in_channel", advice: "Invite the bot." }), "GitHub refused access (error 'not_in_channel'). Invite the bot.");
    assert.ok(describeFailure({ ...base, status: 500, message: "e".repeat(2000) }).length < 700);
  });

  it("failure() reads Retry-After from the answer", async () => {
    const up = createUpstream({ service: "Slack", secretInput: "botToken" });
    const error = up.failure({ status: 429, headers: new Headers({ "retry-after": "7" }) });
    assert.equal(error.kind, "rate_limited");
    assert.match(error.message, /Retry after 7 s/);
    assert.equal(retryAfterSeconds("Wed, 21 Oct 2015 07:28:00 GMT", Date.parse("Wed, 21 Oct 2015 07:27:00 GMT")), 60);
    assert.equal(retryAfterSeconds(null), null);
  });
});
