import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { compatibility, renderCapnp, renderEntryModule } from "../../scripts/render-capnp.mjs";

describe("entry module and workerd config", () => {
  it("renders exactly the golden entry module of worker-contract.md", () => {
    assert.equal(
      renderEntryModule(["slack", "github"]),
      `import { createWorker, McpSession, McpLimiter } from "./runtime.mjs";
import slack from "./tools/slack.mjs";
import github from "./tools/github.mjs";
export default createWorker([slack, github]);
export { McpSession, McpLimiter };
`,
    );
  });

  it("binds everything the contract names, with the repo's one compatibility date", () => {
    const text = renderCapnp({
      address: "127.0.0.1:1234",
      modules: [{ name: "main.mjs" }, { name: "runtime.mjs" }],
      bindings: {
        MCP_CONFIG: { json: { serverId: "a\"b" } },
        MCP_KEY_HASHES: { json: [] },
        MCP_SECRET_SLACK_BOTTOKEN: { fromEnvironment: "MCP_SECRET_SLACK_BOTTOKEN" },
        MCP_USAGE_URL: { text: "http://127.0.0.1:9/u" },
        USAGE: { service: "usage" },
      },
      services: [{ name: "usage", external: "127.0.0.1:9" }],
    });
    assert.match(text, /\(name = "MCP_CONFIG", json = "\{\\"serverId\\":\\"a\\\\\\"b\\"\}"\)/);
    assert.match(text, /\(name = "MCP_SESSIONS", durableObjectNamespace = "McpSession"\)/);
    assert.match(text, /\(name = "MCP_LIMITER", durableObjectNamespace = "McpLimiter"\)/);
    assert.match(text, /fromEnvironment = "MCP_SECRET_SLACK_BOTTOKEN"/);
    assert.match(text, /external = \(address = "127.0.0.1:9", http = \(\)\)/);
    assert.match(text, new RegExp(`compatibilityDate = "${compatibility.compatibilityDate}"`));
    assert.match(text, /compatibilityFlags = \["nodejs_compat"\]/);
    assert.match(text, /allow = \["public"\]/, "loopback is closed unless a test opens it");
    assert.ok(compatibility.compatibilityDate <= "2026-11-17", "not later than the pinned workerd");
  });
});
