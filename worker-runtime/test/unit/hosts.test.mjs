import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { checkHostAndOrigin, hostAllowed, normalizeAllowedHosts } from "../../src/hosts.mjs";

const allowed = normalizeAllowedHosts(["127.0.0.1:8787", "localhost:8787", "Team.Example.COM", "https://app.example.net"]);
const request = (headers) => new Request("http://127.0.0.1:8787/mcp", { headers });

describe("hosts", () => {
  it("normalizes entries (case, scheme); empty or missing means no restriction", () => {
    assert.deepEqual(allowed, ["127.0.0.1:8787", "localhost:8787", "team.example.com", "app.example.net"]);
    assert.equal(normalizeAllowedHosts([]), null);
    assert.equal(normalizeAllowedHosts(undefined), null);
  });

  it("matches host:port exactly, and a bare host on any port", () => {
    assert.equal(hostAllowed("127.0.0.1:8787", allowed), true);
    assert.equal(hostAllowed("127.0.0.1:9999", allowed), false);
    assert.equal(hostAllowed("team.example.com:443", allowed), true);
    assert.equal(hostAllowed("TEAM.example.com", allowed), true);
    assert.equal(hostAllowed("evil.example.com", allowed), false);
    assert.equal(hostAllowed("", allowed), false);
  });

  it("rejects a foreign Host or Origin with 403 and a JSON-RPC error", async () => {
    assert.equal(checkHostAndOrigin(request({ host: "127.0.0.1:8787" }), allowed), null);
    assert.equal(checkHostAndOrigin(request({ host: "localhost:8787", origin: "http://localhost:8787" }), allowed), null);
    const badHost = checkHostAndOrigin(request({ host: "evil.com" }), allowed);
    assert.equal(badHost.status, 403);
    assert.equal((await badHost.json()).error.code, -32004);
    assert.equal(checkHostAndOrigin(request({ host: "127.0.0.1:8787", origin: "http://evil.com" }), allowed).status, 403);
    assert.equal(checkHostAndOrigin(request({ host: "127.0.0.1:8787", origin: "null" }), allowed).status, 403);
    assert.equal(checkHostAndOrigin(request({ host: "evil.com" }), null), null);
  });
});
