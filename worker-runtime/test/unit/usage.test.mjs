import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { REFUSAL_KINDS, TOOL_LABEL_LIMIT, toolLabel } from "../../src/usage.mjs";

describe("usage events: tool names the platform always accepts", () => {
  it("keeps a normal name, and makes empty, control-character, over-long and half-surrogate names acceptable", () => {
    assert.equal(toolLabel("gh_search_repositories"), "gh_search_repositories");
    assert.equal(toolLabel(""), "(none)");
    assert.equal(toolLabel(undefined), "(none)");
    assert.equal(toolLabel("a\nb\u0000c\u007f"), "a?b?c?");
    assert.equal(toolLabel("x".repeat(500)).length, TOOL_LABEL_LIMIT);
    const cut = toolLabel("x".repeat(TOOL_LABEL_LIMIT - 1) + "😀");
    assert.equal(cut.length, TOOL_LABEL_LIMIT);
    assert.equal(cut.at(-1), "\ufffd", "half of a surrogate pair is replaced, so the JSON stays valid UTF-16");
    assert.equal(toolLabel(42), "42");
  });

  it("refusals are their own error kinds", () => {
    assert.deepEqual([...REFUSAL_KINDS].sort(), ["quota_exceeded", "quota_unverified"]);
  });
});
