// The slack pack through the built Worker in real workerd, against a stub Slack Web API on loopback that
// asserts the exact requests (method, path, query, headers, JSON body) and answers like Slack.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { ALL_SCOPES, slackHeaders, startSlackStub } from "../helpers/stubs/slack.mjs";
import { assertNoProblems, assertNoSecretsLeaked, assertToolError, jsonOf, shapeOf, startToolServer } from "../helpers/tool-server.mjs";

const MAIN = "xoxb-1111111111-2222222222-MainBotTokenValue0001";
const OPS = "xoxb-3333333333-4444444444-OpsReadOnlyScopes0002";
const REVOKED = "xoxb-5555555555-6666666666-RevokedTokenValue003";
const secrets = { MCP_SECRET_SLACK_BOTTOKEN: MAIN, MCP_SECRET_OPS_BOTTOKEN: OPS, MCP_SECRET_OLD_BOTTOKEN: REVOKED };

let slack;
let server;

before(async () => {
  slack = await startSlackStub({ tokens: { [MAIN]: { scopes: ALL_SCOPES }, [OPS]: { scopes: ["channels:read", "channels:history"] } } });
  const api = `${slack.origin}/api`;
  server = await startToolServer({
    tools: [
      { use: "slack", with: { apiBaseUrl: api, teamId: "T0TEST" } },
      { use: "slack", as: "ops", with: { apiBaseUrl: api, channels: ["C0GENERAL", "G0SECRET", "C0MISSING"] } },
      { use: "slack", as: "old", with: { apiBaseUrl: api, readOnly: true } },
      { use: "slack", as: "none", with: { apiBaseUrl: api, readOnly: true } },
    ],
    secrets,
  });
});

after(async () => {
  try {
    assertNoProblems(slack);
    assertNoSecretsLeaked(server, secrets);
  } finally {
    await server?.stop();
    await slack?.close();
  }
});

const get = (method, query, token = MAIN) => ({ method: "GET", path: `/api/${method}`, query, headers: slackHeaders(token), body: null });
const postJson = (method, body, token = MAIN) => ({ method: "POST", path: `/api/${method}`, query: {}, headers: slackHeaders(token, { json: true }), body });

describe("slack pack (workerd → stub Slack Web API)", () => {
  it("slack_list_channels: GET conversations.list with team_id, cursor pagination surfaced as next_cursor", async () => {
    const first = jsonOf(await server.call("slack_list_channels", { limit: 2 }));
    assert.deepEqual(first.channels.map((c) => c.id), ["C0GENERAL", "C0RANDOM"]);
    assert.deepEqual(first.channels[0], { id: "C0GENERAL", name: "general", is_private: false, is_archived: false, is_member: true, num_members: 12, topic: "general topic", purpose: "general purpose", created: 1700000000 });
    assert.equal(typeof first.next_cursor, "string");
    const second = jsonOf(await server.call("slack_list_channels", { limit: 2, cursor: first.next_cursor }));
    assert.deepEqual(second.channels.map((c) => c.id), ["C0DEV", "C0OUTSIDE"]);
    assert.equal(second.next_cursor, null, "the archived channel is excluded, so the list ends");
    assert.deepEqual(shapeOf(slack.take()), [
      get("conversations.list", { types: "public_channel", exclude_archived: "true", limit: "2", team_id: "T0TEST" }),
      get("conversations.list", { types: "public_channel", exclude_archived: "true", limit: "2", cursor: first.next_cursor, team_id: "T0TEST" }),
    ]);
  });

  it("slack_post_message: POST chat.postMessage with a JSON body; answers channel and ts", async () => {
    const result = jsonOf(await server.call("slack_post_message", { channel_id: "C0GENERAL", text: "Hello from MCP" }));
    assert.deepEqual(result, { posted: true, channel: "C0GENERAL", ts: slack.state.posted.at(-1).ts, text: "Hello from MCP" });
    assert.deepEqual(shapeOf(slack.take()), [postJson("chat.postMessage", { channel: "C0GENERAL", text: "Hello from MCP" })]);
  });

  it("slack_reply_to_thread: chat.postMessage with thread_ts; an unknown thread is a not-found answer", async () => {
    const result = jsonOf(await server.call("slack_reply_to_thread", { channel_id: "C0GENERAL", thread_ts: "1700000200.000200", text: "Done" }));
    assert.equal(result.thread_ts, "1700000200.000200");
    assert.deepEqual(shapeOf(slack.take()), [postJson("chat.postMessage", { channel: "C0GENERAL", thread_ts: "1700000200.000200", text: "Done" })]);
    const missing = await server.call("slack_reply_to_thread", { channel_id: "C0GENERAL", thread_ts: "1.2", text: "x" });
    assertToolError(missing, /Slack found no thread 1\.2 in channel C0GENERAL \(error 'thread_not_found'\)/, /Check thread_ts/);
    slack.take();
  });

  it("slack_post_message where the bot is not a member: tells how to invite it", async () => {
    const result = await server.call("slack_post_message", { channel_id: "C0OUTSIDE", text: "hi" });
    assertToolError(result, /error 'not_in_channel'/, /invite it \(`\/invite @your-bot`/);
    slack.take();
  });

  it("slack_add_reaction: reactions.add with the name without colons; adding it again is not an error", async () => {
    const added = jsonOf(await server.call("slack_add_reaction", { channel_id: "C0GENERAL", timestamp: "1700000300.000300", reaction: ":thumbsup:" }));
    assert.deepEqual(added, { added: true, channel: "C0GENERAL", timestamp: "1700000300.000300", reaction: "thumbsup" });
    const again = jsonOf(await server.call("slack_add_reaction", { channel_id: "C0GENERAL", timestamp: "1700000300.000300", reaction: "thumbsup" }));
    assert.equal(again.already_reacted, true);
    const body = { channel: "C0GENERAL", timestamp: "1700000300.000300", name: "thumbsup" };
    assert.deepEqual(shapeOf(slack.take()), [postJson("reactions.add", body), postJson("reactions.add", body)]);
    assertToolError(await server.call("slack_add_reaction", { channel_id: "C0GENERAL", timestamp: "1700000300.000300", reaction: "not-an-emoji" }), /error 'invalid_name'/, /emoji name does not exist/);
    slack.take();
  });

  it("slack_get_channel_history: GET conversations.history; messages summarised (no blocks)", async () => {
    const result = jsonOf(await server.call("slack_get_channel_history", { channel_id: "C0GENERAL" }));
    assert.equal(result.has_more, false);
    assert.deepEqual(result.messages[0], { ts: "1700000300.000300", user: "U0ALICE", text: "Deploy is done :rocket:", reactions: [{ name: "tada", count: 1 }] });
    assert.equal(result.messages[1].reply_count, 2);
    assert.deepEqual(shapeOf(slack.take()), [get("conversations.history", { channel: "C0GENERAL", limit: "10" })]);
  });

  it("slack_get_thread_replies: GET conversations.replies with ts", async () => {
    const result = jsonOf(await server.call("slack_get_thread_replies", { channel_id: "C0GENERAL", thread_ts: "1700000200.000200" }));
    assert.deepEqual(result.messages.map((m) => m.text), ["Starting the deploy", "Good luck", "Watching the graphs"]);
    assert.equal(result.has_more, false);
    assert.deepEqual(shapeOf(slack.take()), [get("conversations.replies", { channel: "C0GENERAL", ts: "1700000200.000200", limit: "200" })]);
  });

  it("slack_get_users: GET users.list with team_id and cursor pagination", async () => {
    const first = jsonOf(await server.call("slack_get_users", { limit: 3 }));
    assert.deepEqual(first.members.map((m) => m.id), ["U0ALICE", "U0BOB", "U0CAROL"]);
    assert.deepEqual(first.members[0], { id: "U0ALICE", name: "alice", real_name: "Alice Archer", display_name: "alice", title: "Alice Archer's title", email: "alice@example.com", tz: "Europe/Berlin", is_bot: false });
    const second = jsonOf(await server.call("slack_get_users", { limit: 3, cursor: first.next_cursor }));
    assert.deepEqual(second.members.map((m) => [m.id, m.is_bot]), [["U0BOT", true]]);
    assert.equal(second.next_cursor, null);
    assert.deepEqual(shapeOf(slack.take()), [get("users.list", { limit: "3", team_id: "T0TEST" }), get("users.list", { limit: "3", cursor: first.next_cursor, team_id: "T0TEST" })]);
  });

  it("slack_get_user_profile: GET users.profile.get with include_labels; custom fields by label", async () => {
    const result = jsonOf(await server.call("slack_get_user_profile", { user_id: "U0BOB" }));
    assert.equal(result.profile.real_name, "Bob Baker");
    assert.equal(result.profile.status_text, "In a meeting");
    assert.deepEqual(result.profile.fields, { Department: "Platform" });
    assert.deepEqual(shapeOf(slack.take()), [get("users.profile.get", { user: "U0BOB", include_labels: "true" })]);
    assertToolError(await server.call("slack_get_user_profile", { user_id: "U0NOBODY" }), /Slack found no user U0NOBODY \(error 'user_not_found'\)/);
    slack.take();
  });
});

describe("slack pack: allow-list, aliases and credentials", () => {
  it("a channel outside `channels` is refused before any request", async () => {
    for (const [tool, args] of [
      ["ops_slack_post_message", { channel_id: "C0RANDOM", text: "x" }],
      ["ops_slack_get_channel_history", { channel_id: "C0RANDOM" }],
      ["ops_slack_get_thread_replies", { channel_id: "C0RANDOM", thread_ts: "1.1" }],
      ["ops_slack_add_reaction", { channel_id: "C0RANDOM", timestamp: "1.1", reaction: "x" }],
      ["ops_slack_reply_to_thread", { channel_id: "C0RANDOM", thread_ts: "1.1", text: "x" }],
    ]) {
      const result = await server.call(tool, args);
      assertToolError(result, /Channel 'C0RANDOM' is not allowed on this server: it is not in the tool's allow-list `with.channels` \(C0GENERAL, G0SECRET, C0MISSING\)/);
    }
    assert.deepEqual(slack.take(), []);
  });

  it("with `channels`, slack_list_channels lists exactly the allowed ones (conversations.info each), with the alias's own token", async () => {
    const result = jsonOf(await server.call("ops_slack_list_channels", {}));
    assert.deepEqual(result.channels.map((c) => c.id ?? c), ["C0GENERAL", "G0SECRET", "C0MISSING"]);
    assert.equal(result.channels[1].is_private, true);
    assert.deepEqual(result.channels[2], { id: "C0MISSING", error: "channel_not_found" });
    assert.equal(result.next_cursor, null);
    assert.deepEqual(
      shapeOf(slack.take()),
      ["C0GENERAL", "G0SECRET", "C0MISSING"].map((channel) => get("conversations.info", { channel, include_num_members: "true" }, OPS)),
    );
    const paged = jsonOf(await server.call("ops_slack_list_channels", { limit: 2 }));
    assert.equal(paged.next_cursor, "allow-list:2");
    assert.deepEqual(jsonOf(await server.call("ops_slack_list_channels", { limit: 2, cursor: paged.next_cursor })).channels, [{ id: "C0MISSING", error: "channel_not_found" }]);
    slack.take();
  });

  it("two uses of the tool send each its own token", async () => {
    await server.call("slack_get_channel_history", { channel_id: "C0GENERAL", limit: 1 });
    await server.call("ops_slack_get_channel_history", { channel_id: "C0GENERAL", limit: 1 });
    assert.deepEqual(slack.take().map((r) => r.headers.authorization), [`Bearer ${MAIN}`, `Bearer ${OPS}`]);
  });

  it("missing_scope names the scope Slack asks for and the ones the token has", async () => {
    const result = await server.call("ops_slack_post_message", { channel_id: "C0GENERAL", text: "x" });
    const text = assertToolError(result, /Slack refused the request: the token lacks the permission 'chat:write' \(it has: channels:read,channels:history\)/, /error 'missing_scope'/, /reinstall the app/);
    assert.doesNotMatch(text, /HTTP 200/);
    slack.take();
  });

  it("a revoked token (invalid_auth) and an unbound secret say what to fix", async () => {
    assertToolError(await server.call("old_slack_get_users", {}), /Slack rejected the credentials \(error 'invalid_auth'\)/, /`secrets\.botToken`/, /secrets set/);
    assertToolError(await server.call("none_slack_get_users", {}), /secret 'botToken' is not set: the server has no MCP_SECRET_NONE_BOTTOKEN binding/);
    assert.deepEqual(slack.take().map((r) => r.headers.authorization), [`Bearer ${REVOKED}`]);
  });
});
