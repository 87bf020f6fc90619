// Issue #9.4 through the built Worker in real workerd: a pack whose apiBaseUrl is plain http to a host that is not
// loopback never sends its token; the call answers an isError result that says why and what to do, at once (not
// after a connection attempt or a timeout). Plain http to loopback keeps working (every other pack test uses it).
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { startSlackStub } from "../helpers/stubs/slack.mjs";
import { assertNoSecretsLeaked, assertToolError, jsonOf, startToolServer } from "../helpers/tool-server.mjs";

const SLACK = "xoxb-1212121212-3434343434-ClearTextBotToken0001";
const GITHUB = "github_pat_11CLEARTEXT0000000_clearTextTokenValue00002";
const NOTION = "ntn_5656565656565656ClearTextNotionToken0003";
const secrets = { MCP_SECRET_SLACK_BOTTOKEN: SLACK, MCP_SECRET_GITHUB_TOKEN: GITHUB, MCP_SECRET_NOTION_TOKEN: NOTION, MCP_SECRET_LOOP_BOTTOKEN: SLACK };
// 192.0.2.0/24 is TEST-NET-1 (RFC 5737): not loopback, never routed. A request there could only time out.
const REMOTE = "http://192.0.2.10:8080";

let slack;
let server;

before(async () => {
  slack = await startSlackStub({ tokens: { [SLACK]: {} } });
  server = await startToolServer({
    tools: [
      { use: "slack", with: { apiBaseUrl: `${REMOTE}/api` } },
      { use: "github", with: { apiBaseUrl: REMOTE } },
      { use: "notion", with: { apiBaseUrl: `${REMOTE}/v1` } },
      { use: "slack", as: "loop", with: { apiBaseUrl: `${slack.origin}/api`, readOnly: true } },
    ],
    secrets,
    timeoutMs: 5000,
  });
});

after(async () => {
  try {
    assertNoSecretsLeaked(server, secrets);
  } finally {
    await server?.stop();
    await slack?.close();
  }
});

describe("credentials over plain http (workerd)", () => {
  for (const [tool, args, who] of [
    ["slack_list_channels", {}, "Slack"],
    ["search_repositories", { query: "acme" }, "GitHub"],
    ["notion_search", { query: "roadmap" }, "Notion"],
  ]) {
    it(`${tool}: apiBaseUrl http://192.0.2.10 → refused before sending, an isError result naming the fix`, async () => {
      const started = Date.now();
      const result = await server.call(tool, args);
      assertToolError(result, /^Refused to send the credential over plain http to 192\.0\.2\.10:8080: /, new RegExp(`${who}`), /apiBaseUrl to an https:\/\/ URL/);
      assert.ok(Date.now() - started < 2500, `answered at once, not after a connection attempt (${Date.now() - started} ms)`);
    });
  }

  it("plain http to loopback still carries the token", async () => {
    const result = jsonOf(await server.call("loop_slack_list_channels", {}));
    assert.ok(Array.isArray(result.channels));
    const seen = slack.take();
    assert.equal(seen.length, 1);
    assert.equal(seen[0].headers.authorization, `Bearer ${SLACK}`);
  });
});
