import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { onList, allowListHelpers } from "../../src/allow-lists.mjs";
import { RESULT_TEXT_LIMIT, scrubDeep, secretScrubber, trimResult } from "../../src/results.mjs";

describe("results: secret scrubbing", () => {
  it("replaces secret values and their URL/JSON-escaped forms; ignores values too short to be tokens", () => {
    const scrub = secretScrubber(["xoxb-123-abc/def+ghi", "tiny", undefined]);
    assert.equal(scrub("token xoxb-123-abc/def+ghi and xoxb-123-abc%2Fdef%2Bghi"), "token [redacted] and [redacted]");
    assert.equal(scrub("tiny stays"), "tiny stays");
    assert.deepEqual(scrubDeep({ a: ["xoxb-123-abc/def+ghi"], n: 1 }, scrub), { a: ["[redacted]"], n: 1 });
    assert.equal(secretScrubber([])("x"), "x");
  });
});

describe("results: trimming", () => {
  it("leaves a result under the limit alone", () => {
    const result = { content: [{ type: "text", text: "short" }] };
    assert.equal(trimResult(result), result);
  });

  it("cuts the text past the limit, drops structuredContent, and says so", () => {
    const result = { content: [{ type: "text", text: "a".repeat(60) }, { type: "text", text: "b".repeat(60) }, { type: "text", text: "c" }], structuredContent: { x: 1 } };
    const cut = trimResult(result, 100);
    assert.deepEqual(cut.content.slice(0, 2).map((c) => c.text), ["a".repeat(60), "b".repeat(40)]);
    assert.match(cut.content[2].text, /^\[Result cut: it had 121 characters; the first 100 are shown/);
    assert.equal(cut.structuredContent, undefined);
    assert.equal(RESULT_TEXT_LIMIT, 100_000);
  });
});

describe("allow-lists", () => {
  it("exact, ignore-case and host matching (host = any port, host:port exact, default ports count)", () => {
    assert.equal(onList(["C1"], "C1"), true);
    assert.equal(onList(["C1"], "c1"), false);
    assert.equal(onList(["Acme"], "acme", "ignore-case"), true);
    assert.equal(onList(["docs.example.com"], "https://docs.example.com:8443/x", "host"), true);
    assert.equal(onList(["docs.example.com:443"], "https://docs.example.com/x", "host"), true);
    assert.equal(onList(["docs.example.com:8443"], "https://docs.example.com/x", "host"), false);
    assert.equal(onList(["example.com"], "https://evil.example.com/", "host"), false, "no subdomains");
    assert.equal(onList(["example.com"], "https://example.com.evil.net/", "host"), false);
  });

  it("an absent list allows everything; requireAllowed names the list and the fix", () => {
    assert.equal(allowListHelpers({}).allowed("channels", "C9"), true);
    const { requireAllowed } = allowListHelpers({ owners: ["acme", "globex"] });
    assert.throws(() => requireAllowed("owners", "evil", { what: "Owner", match: "ignore-case" }), (e) => e.kind === "not_allowed" && e.message === "Owner 'evil' is not allowed on this server: it is not in the tool's allow-list `with.owners` (acme, globex). Use one of those, or ask the server's owner to add it in mcp.yaml.");
    assert.doesNotThrow(() => requireAllowed("owners", "ACME", { match: "ignore-case" }));
  });
});
