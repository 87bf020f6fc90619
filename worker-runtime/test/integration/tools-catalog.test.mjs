// The catalog equality test through the built Worker in real workerd: tools/list equals the tool.json files
// (the catalog the reconciler embeds) for every user-facing pack, with readOnly on and off and with an alias.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { modernMeta, post, rpc } from "../helpers/mcp-http.mjs";
import { KEY, startToolServer } from "../helpers/tool-server.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "../..");
const catalog = (id) => JSON.parse(readFileSync(join(root, "tools", id, "tool.json"), "utf8"));

/** What tools/list must show for one MCP_CONFIG entry, from its tool.json alone. */
function expected(entry) {
  const meta = catalog(entry.use);
  const readOnly = entry.with?.readOnly ?? meta.settings.properties.readOnly?.default ?? false;
  const prefix = entry.as && entry.as !== entry.use ? `${entry.as}_` : "";
  return meta.tools.filter((t) => !(readOnly && t.writes)).map(({ writes, ...t }) => ({ ...t, name: prefix + t.name }));
}

const entries = [
  { use: "slack" }, // readOnly defaults to false
  { use: "slack", as: "quiet", with: { readOnly: true } },
  { use: "github" }, // readOnly defaults to true
  { use: "github", as: "gh", with: { readOnly: false } },
  { use: "notion" }, // readOnly defaults to true
  { use: "notion", as: "nt", with: { readOnly: false } },
  { use: "fetch", with: { allowedHosts: ["example.com"] } },
  { use: "fetch", as: "web", with: { allowedHosts: ["docs.example.com"] } },
];

let server;
before(async () => {
  server = await startToolServer({ tools: entries });
});
after(() => server?.stop());

describe("catalog equality: tools/list (workerd) = tool.json", () => {
  it("for every pack, readOnly on and off, with and without an alias (2025-era request)", async () => {
    const listed = await server.list();
    assert.deepEqual(listed, entries.flatMap(expected));
    for (const tool of listed) assert.equal("writes" in tool, false, "`writes` is the catalog's, not MCP's");
  });

  it("per entry: readOnly hides exactly the writing tools", async () => {
    const names = new Set((await server.list()).map((t) => t.name));
    assert.ok(names.has("slack_post_message") && !names.has("quiet_slack_post_message") && names.has("quiet_slack_get_users"));
    assert.ok(!names.has("create_issue") && names.has("gh_create_issue") && names.has("gh_search_repositories"));
    assert.ok(!names.has("notion_create_page") && names.has("nt_notion_create_page"));
    assert.ok(names.has("fetch") && names.has("web_fetch"));
  });

  it("the same list at the 2026-07-28 wire", async () => {
    const res = await post(`${server.url}/mcp`, rpc("tools/list", { _meta: modernMeta() }), {
      key: KEY,
      headers: { "mcp-protocol-version": "2026-07-28", "mcp-method": "tools/list" },
    });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.messages.at(-1).result.tools, entries.flatMap(expected));
  });

  it("a hidden writing tool cannot be called either", async () => {
    await assert.rejects(server.call("quiet_slack_post_message", { channel_id: "C1", text: "x" }), (e) => e.rpcError?.code === -32602 && /Unknown tool/.test(e.rpcError.message));
  });
});
