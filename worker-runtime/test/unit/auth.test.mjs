import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { describe, it } from "node:test";
import { KEY_ID_LENGTH, authenticate, constantTimeEqual, keyIdOf, presentedKey, sha256Hex, unauthorizedResponse } from "../../src/auth.mjs";

const sha = (s) => createHash("sha256").update(s).digest("hex");
const req = (headers = {}, url = "https://x.test/mcp") => ({ request: new Request(url, { headers }), url: new URL(url) });

describe("auth", () => {
  it("sha256Hex matches node's SHA-256 hex", async () => {
    assert.equal(await sha256Hex("secret-key"), sha("secret-key"));
  });

  it("constantTimeEqual compares whole strings", () => {
    assert.equal(constantTimeEqual("abc", "abc"), true);
    assert.equal(constantTimeEqual("abc", "abd"), false);
    assert.equal(constantTimeEqual("abc", "ab"), false);
    assert.equal(constantTimeEqual("", ""), true);
  });

  it("takes the key from a Bearer header, else from ?key=", () => {
    let { request, url } = req({ authorization: "Bearer k1" }, "https://x.test/mcp?key=k2");
    assert.deepEqual(presentedKey(request, url), { key: "k1", via: "header" });
    ({ request, url } = req({ authorization: "bearer   k1  " }));
    assert.deepEqual(presentedKey(request, url), { key: "k1", via: "header" });
    ({ request, url } = req({ authorization: "Basic abc" }, "https://x.test/mcp?key=k2"));
    assert.deepEqual(presentedKey(request, url), { key: "k2", via: "query" });
    ({ request, url } = req({}));
    assert.equal(presentedKey(request, url), null);
  });

  it("accepts any of several hashes (rotation) and returns the key id", async () => {
    const { request, url } = req({ authorization: "Bearer new-key" });
    const result = await authenticate(request, url, [sha("old-key"), sha("new-key")]);
    assert.equal(result.ok, true);
    assert.equal(result.keyId, sha("new-key").slice(0, KEY_ID_LENGTH));
    assert.equal(result.keyId, keyIdOf(sha("new-key")));
    assert.equal(result.via, "header");
  });

  it("refuses a wrong key, a missing key, and every key when no hash is configured", async () => {
    let { request, url } = req({ authorization: "Bearer wrong" });
    assert.deepEqual(await authenticate(request, url, [sha("right")]), { ok: false, reason: "invalid" });
    ({ request, url } = req({}));
    assert.deepEqual(await authenticate(request, url, [sha("right")]), { ok: false, reason: "missing" });
    ({ request, url } = req({ authorization: "Bearer right" }));
    assert.deepEqual(await authenticate(request, url, []), { ok: false, reason: "no-keys" });
  });

  it("401 carries a JSON-RPC error and a Bearer challenge, nothing else", async () => {
    const response = unauthorizedResponse("invalid");
    assert.equal(response.status, 401);
    assert.match(response.headers.get("www-authenticate"), /^Bearer /);
    const body = await response.json();
    assert.equal(body.jsonrpc, "2.0");
    assert.equal(body.id, null);
    assert.equal(body.error.code, -32001);
    assert.doesNotMatch(JSON.stringify(body), /tool/i);
  });
});
