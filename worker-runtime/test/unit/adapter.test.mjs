import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { ConfigError, buildSurface, createServer, namePrefix, secretBindingName, settingsWithDefaults } from "../../src/adapter.mjs";
import conformance from "../../tools/conformance/index.mjs";
import fetchPack from "../../tools/fetch/index.mjs";
import githubPack from "../../tools/github/index.mjs";
import notionPack from "../../tools/notion/index.mjs";
import slackPack from "../../tools/slack/index.mjs";
import { connected } from "../helpers/fake-transport.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "../..");
const catalog = (id) => JSON.parse(readFileSync(join(root, "tools", id, "tool.json"), "utf8"));

const packs = { slack: slackPack, github: githubPack, fetch: fetchPack, notion: notionPack, conformance };

/** A module for a catalog entry whose handlers echo what they received (to look at what the adapter hands over). */
function echoModule(id) {
  const meta = catalog(id);
  const tools = Object.fromEntries(meta.tools.map((t) => [t.name, (args, ctx) => ({ content: [{ type: "text", text: JSON.stringify({ tool: t.name, args, settings: ctx.settings, secrets: Object.keys(ctx.secrets) }) }] })]));
  return { meta, tools };
}

const config = (tools) => ({ serverId: "o/r/s", tools });
const info = { name: "s", version: "1" };
const expectedListing = (meta, { prefix = "", readOnly = false } = {}) =>
  meta.tools
    .filter((t) => !(readOnly && t.writes))
    .map(({ writes, ...t }) => ({ ...t, name: prefix + t.name }));

describe("adapter: tools/list equals the catalog", () => {
  for (const id of ["slack", "github", "fetch", "notion", "conformance"]) {
    it(`${id}: without alias, readOnly per default (the real pack)`, async () => {
      const module = packs[id];
      assert.deepEqual(Object.keys(module.tools).sort(), module.meta.tools.map((t) => t.name).sort(), "one handler per catalog tool, no more");
      assert.deepEqual(module.meta, catalog(id), "the pack serves its own tool.json");
      const surface = buildSurface([module], config([{ use: id }]), {});
      const defaultReadOnly = module.meta.settings.properties.readOnly?.default === true;
      assert.deepEqual(surface.toolList, expectedListing(module.meta, { readOnly: defaultReadOnly }));
    });
  }

  it("readOnly hides exactly the tools that write; readOnly:false shows them", () => {
    const slack = echoModule("slack");
    const ro = buildSurface([slack], config([{ use: "slack", with: { readOnly: true } }]), {});
    assert.deepEqual(ro.toolList, expectedListing(slack.meta, { readOnly: true }));
    assert.ok(!ro.tools.has("slack_post_message"));
    const github = echoModule("github");
    const rw = buildSurface([github], config([{ use: "github", with: { readOnly: false } }]), {});
    assert.ok(rw.tools.has("create_issue"));
    const dflt = buildSurface([github], config([{ use: "github" }]), {});
    assert.ok(!dflt.tools.has("create_issue"), "github is readOnly by default");
  });

  it("an alias prefixes every exposed name, and lets the same tool be used twice", () => {
    const github = echoModule("github");
    const surface = buildSurface([github], config([{ use: "github" }, { use: "github", as: "gh" }]), {});
    assert.deepEqual(surface.toolList.slice(-6), expectedListing(github.meta, { prefix: "gh_", readOnly: true }));
    assert.ok(surface.tools.has("search_repositories") && surface.tools.has("gh_search_repositories"));
    assert.equal(namePrefix({ use: "github", as: "github" }), "");
  });

  it("refuses a configuration it cannot serve, with a message naming the fix", () => {
    assert.throws(() => buildSurface([], config([{ use: "slack" }]), {}), (e) => e instanceof ConfigError && /not bundled/.test(e.message));
    const github = echoModule("github");
    assert.throws(() => buildSurface([github], config([{ use: "github" }, { use: "github" }]), {}), /another alias/);
    const broken = { meta: catalog("fetch"), tools: {} };
    assert.throws(() => buildSurface([broken], config([{ use: "fetch" }]), {}), /no handler/);
  });
});

describe("adapter: settings and secrets", () => {
  it("secret binding names are MCP_SECRET_<ALIAS>_<INPUT> upper-cased", () => {
    assert.equal(secretBindingName("slack", "botToken"), "MCP_SECRET_SLACK_BOTTOKEN");
    assert.equal(secretBindingName("gh", "token"), "MCP_SECRET_GH_TOKEN");
    assert.equal(secretBindingName("my-gh", "token"), "MCP_SECRET_MY_GH_TOKEN");
  });

  it("settings get the schema's defaults; handlers receive settings and the alias's secrets", async () => {
    assert.deepEqual(settingsWithDefaults(catalog("fetch").settings, { allowedHosts: ["a.com"] }), { allowedHosts: ["a.com"], maxBytes: 1048576 });
    const surface = buildSurface([echoModule("github")], config([{ use: "github", as: "gh", with: { owners: ["acme"] } }]), { MCP_SECRET_GH_TOKEN: "t0k", MCP_SECRET_GITHUB_TOKEN: "other" });
    const server = createServer(surface, { serverId: "o/r/s", keyId: "k", era: "legacy" }, info);
    const { call } = await connected(server);
    const answer = await call("tools/call", { name: "gh_search_repositories", arguments: { query: "x" } });
    const seen = JSON.parse(answer.result.content[0].text);
    assert.deepEqual(seen.settings, { owners: ["acme"], readOnly: true, apiBaseUrl: "https://api.github.com" });
    assert.deepEqual(seen.secrets, ["token"]);
  });
});

describe("adapter: tools/call", () => {
  async function serverWith(records) {
    const surface = buildSurface([echoModule("slack"), conformance], config([{ use: "slack" }, { use: "conformance" }]), {});
    const server = createServer(surface, { serverId: "o/r/s", keyId: "key123", era: "legacy", record: (e) => records.push(e) }, info);
    return connected(server);
  }

  it("bad arguments answer isError with a helpful message, and are counted as such", async () => {
    const records = [];
    const { call } = await serverWith(records);
    const answer = await call("tools/call", { name: "slack_post_message", arguments: { channel_id: 5, extra: true } });
    assert.equal(answer.result.isError, true);
    const text = answer.result.content[0].text;
    assert.match(text, /Invalid arguments for tool 'slack_post_message'/);
    assert.match(text, /missing required argument "text"|text/);
    assert.match(text, /channel_id/);
    assert.match(text, /'extra' is not an accepted argument/);
    assert.match(text, /Required: channel_id, text/);
    assert.deepEqual({ tool: records[0].tool, ok: records[0].ok, errorKind: records[0].errorKind, keyId: records[0].keyId }, { tool: "slack_post_message", ok: false, errorKind: "invalid_arguments", keyId: "key123" });
  });

  it("a throwing tool answers isError; a good call is recorded ok with its duration, never its arguments", async () => {
    const records = [];
    const { call } = await serverWith(records);
    const failed = await call("tools/call", { name: "test_error_handling", arguments: {} });
    assert.equal(failed.result.isError, true);
    assert.match(failed.result.content[0].text, /intentionally returns an error/);
    const ok = await call("tools/call", { name: "test_simple_text", arguments: {} });
    assert.equal(ok.result.content[0].text, "This is a simple text response for testing.");
    assert.deepEqual(records.map((r) => [r.tool, r.ok, r.errorKind]), [["test_error_handling", false, "tool_exception"], ["test_simple_text", true, null]]);
    assert.deepEqual(Object.keys(records[1]).sort(), ["durationMs", "errorKind", "keyId", "ok", "tool"]);
  });

  it("an unknown tool is a JSON-RPC invalid-params error, and counted", async () => {
    const records = [];
    const { call } = await serverWith(records);
    const answer = await call("tools/call", { name: "nope", arguments: {} });
    assert.equal(answer.error.code, -32602);
    assert.match(answer.error.message, /Unknown tool/);
    assert.equal(records[0].errorKind, "unknown_tool");
  });

  it("serves the conformance pack's resources, templates, prompts and completions", async () => {
    const { call } = await serverWith([]);
    assert.equal((await call("resources/read", { uri: "test://static-text" })).result.contents[0].text, "This is the content of the static text resource.");
    assert.equal(JSON.parse((await call("resources/read", { uri: "test://template/42/data" })).result.contents[0].text).id, "42");
    assert.equal((await call("resources/read", { uri: "test://missing" })).error.code, -32602);
    const prompt = await call("prompts/get", { name: "test_prompt_with_arguments", arguments: { arg1: "hello", arg2: "world" } });
    assert.equal(prompt.result.messages[0].content.text, "Prompt with arguments: arg1='hello', arg2='world'");
    const completion = await call("completion/complete", { ref: { type: "ref/prompt", name: "test_prompt_with_arguments" }, argument: { name: "arg1", value: "par" } });
    assert.deepEqual(completion.result.completion.values, ["paris", "park", "party"]);
  });
});

describe("conformance pack", () => {
  it("its tool.json lists exactly the resources, templates and prompts its module serves", () => {
    const meta = conformance.meta;
    assert.deepEqual(meta.resources.map((r) => [r.uri, r.name]), conformance.resources.map((r) => [r.uri, r.name]));
    assert.deepEqual(meta.resourceTemplates.map((r) => [r.uriTemplate, r.name]), conformance.resourceTemplates.map((r) => [r.uriTemplate, r.name]));
    assert.deepEqual(meta.prompts.map((p) => p.name).sort(), conformance.prompts.map((p) => p.name).sort());
    assert.deepEqual(Object.keys(conformance.tools).sort(), meta.tools.map((t) => t.name).sort());
    assert.equal(meta.internal, true);
  });
});

describe("adapter: behaviour every tool pack shares", () => {
  const TOKEN = "ghp_unitTestTokenValue0123456789";
  /** The github catalog entry with handlers that misbehave on purpose. */
  function trickyModule() {
    const meta = catalog("github");
    const handlers = {
      search_repositories: (args, ctx) => ({ content: [{ type: "text", text: `echo ${ctx.secret("token")}` }], structuredContent: { token: ctx.secrets.token } }),
      get_file_contents: (args, ctx) => {
        throw ctx.fail(`upstream said: bad token ${ctx.secrets.token}`, "unauthorized");
      },
      list_commits: (args, ctx) => {
        throw new Error(`bug with ${ctx.secrets.token}`);
      },
      list_issues: () => ({ content: [{ type: "text", text: "z".repeat(150_000) }] }),
      get_issue: (args, ctx) => ({ content: [{ type: "text", text: JSON.stringify({ limit: ctx.resultLimit, timeoutMs: ctx.upstream.timeoutMs, hasUpstream: typeof ctx.upstream.request }) }] }),
      search_code: (args, ctx) => ctx.secret("missing"),
      create_issue: () => "",
    };
    return { meta, tools: handlers };
  }
  async function serverWith(records, env = { MCP_SECRET_GITHUB_TOKEN: TOKEN }) {
    const surface = buildSurface([trickyModule()], config([{ use: "github" }]), env);
    return connected(createServer(surface, { serverId: "o/r/s", keyId: "k", era: "legacy", record: (e) => records.push(e) }, info));
  }

  it("a secret never leaves in a result, structuredContent, a ToolError or an unexpected exception", async () => {
    const records = [];
    const { call } = await serverWith(records);
    const echoed = await call("tools/call", { name: "search_repositories", arguments: { query: "x" } });
    assert.equal(echoed.result.content[0].text, "echo [redacted]");
    assert.deepEqual(echoed.result.structuredContent, { token: "[redacted]" });
    const failed = await call("tools/call", { name: "get_file_contents", arguments: { owner: "a", repo: "b", path: "c" } });
    assert.deepEqual(failed.result, { isError: true, content: [{ type: "text", text: "upstream said: bad token [redacted]" }] });
    const bug = await call("tools/call", { name: "list_commits", arguments: { owner: "a", repo: "b" } });
    assert.equal(bug.result.content[0].text, "Tool 'list_commits' failed: bug with [redacted]");
    assert.deepEqual(records.map((r) => r.errorKind), [null, "tool_error", "tool_exception"], "a ToolError is an expected tool_error, a bug a tool_exception");
  });

  it("results are trimmed to the documented size with a note", async () => {
    const { call } = await serverWith([]);
    const answer = await call("tools/call", { name: "list_issues", arguments: { owner: "a", repo: "b" } });
    assert.equal(answer.result.content[0].text.length, 100_000);
    assert.match(answer.result.content[1].text, /^\[Result cut: it had 150,000 characters; the first 100,000 are shown/);
  });

  it("ctx carries the upstream client (10 s default, MCP_UPSTREAM_TIMEOUT_MS for tests), the result limit and secret()", async () => {
    const { call } = await serverWith([]);
    const seen = JSON.parse((await call("tools/call", { name: "get_issue", arguments: { owner: "a", repo: "b", issue_number: 1 } })).result.content[0].text);
    assert.deepEqual(seen, { limit: 100_000, timeoutMs: 10_000, hasUpstream: "function" });
    const short = await serverWith([], { MCP_SECRET_GITHUB_TOKEN: TOKEN, MCP_UPSTREAM_TIMEOUT_MS: "750" });
    assert.equal(JSON.parse((await short.call("tools/call", { name: "get_issue", arguments: { owner: "a", repo: "b", issue_number: 1 } })).result.content[0].text).timeoutMs, 750);
    const unbound = await short.call("tools/call", { name: "search_code", arguments: { q: "x" } });
    assert.equal(unbound.result.isError, true);
    assert.match(unbound.result.content[0].text, /secret 'missing' is not set: the server has no MCP_SECRET_GITHUB_MISSING binding/);
  });
});
