// A stub of the Slack Web API (https://slack.com/api/<method>) answering like Slack does: HTTP 200 with
// {ok:false, error} for refusals (not_authed, invalid_auth, missing_scope with needed/provided, channel_not_found,
// not_in_channel, …), cursor pagination in response_metadata.next_cursor, and the response shapes of the real
// methods. It also records as a problem anything Slack would take but this tool must not do (token in the query
// or body, a JSON write without charset, a read sent as POST, a parameter the method does not know).

import { startStub } from "../stub-server.mjs";

export const SCOPES = {
  "conversations.list": "channels:read",
  "conversations.info": "channels:read",
  "chat.postMessage": "chat:write",
  "reactions.add": "reactions:write",
  "conversations.history": "channels:history",
  "conversations.replies": "channels:history",
  "users.list": "users:read",
  "users.profile.get": "users.profile:read",
};
const WRITES = new Set(["chat.postMessage", "reactions.add"]);
const PARAMS = {
  "conversations.list": ["types", "exclude_archived", "limit", "cursor", "team_id"],
  "conversations.info": ["channel", "include_num_members"],
  "chat.postMessage": ["channel", "text", "thread_ts"],
  "reactions.add": ["channel", "timestamp", "name"],
  "conversations.history": ["channel", "limit", "cursor"],
  "conversations.replies": ["channel", "ts", "limit", "cursor"],
  "users.list": ["limit", "cursor", "team_id"],
  "users.profile.get": ["user", "include_labels"],
};
export const ALL_SCOPES = Object.values(SCOPES);

const channel = (id, name, extra = {}) => ({
  id,
  name,
  is_channel: true,
  is_group: false,
  is_im: false,
  is_private: false,
  is_archived: false,
  is_general: name === "general",
  is_member: true,
  created: 1700000000,
  creator: "U0ADMIN",
  name_normalized: name,
  num_members: 12,
  topic: { value: `${name} topic`, creator: "U0ADMIN", last_set: 1700000000 },
  purpose: { value: `${name} purpose`, creator: "U0ADMIN", last_set: 1700000000 },
  previous_names: [],
  ...extra,
});

const user = (id, name, real, extra = {}) => ({
  id,
  team_id: "T0TEST",
  name,
  deleted: false,
  real_name: real,
  tz: "Europe/Berlin",
  tz_label: "Central European Time",
  tz_offset: 3600,
  profile: { real_name: real, display_name: name, title: `${real}'s title`, email: `${name}@example.com`, image_72: `https://avatars.example/${id}_72.png`, image_192: `https://avatars.example/${id}_192.png`, status_text: "", status_emoji: "" },
  is_admin: false,
  is_owner: false,
  is_bot: false,
  updated: 1700000000,
  ...extra,
});

const cursorFor = (offset) => Buffer.from(`offset:${offset}`).toString("base64");
const offsetOf = (cursor) => {
  if (!cursor) return 0;
  const m = /^offset:(\d+)$/.exec(Buffer.from(cursor, "base64").toString("utf8"));
  return m ? Number(m[1]) : null;
};

/** tokens: { [token]: { scopes: [..] } }. */
export async function startSlackStub({ tokens }) {
  const state = {
    channels: [
      channel("C0GENERAL", "general"),
      channel("C0RANDOM", "random"),
      channel("C0DEV", "dev"),
      channel("C0OUTSIDE", "outside", { is_member: false }),
      channel("C0OLD", "old", { is_archived: true }),
    ],
    privateChannels: [channel("G0SECRET", "secret", { is_private: true, is_channel: false, is_group: true })],
    users: [user("U0ALICE", "alice", "Alice Archer"), user("U0BOB", "bob", "Bob Baker"), user("U0CAROL", "carol", "Carol Chen"), user("U0BOT", "mcp-bot", "MCP Bot", { is_bot: true })],
    messages: {
      C0GENERAL: [
        { type: "message", user: "U0ALICE", text: "Deploy is done :rocket:", ts: "1700000300.000300", reactions: [{ name: "tada", users: ["U0BOB"], count: 1 }], blocks: [{ type: "rich_text" }] },
        { type: "message", user: "U0BOB", text: "Starting the deploy", ts: "1700000200.000200", thread_ts: "1700000200.000200", reply_count: 2, reply_users_count: 2, latest_reply: "1700000260.000260" },
        { type: "message", subtype: "channel_join", user: "U0CAROL", text: "<@U0CAROL> has joined the channel", ts: "1700000100.000100" },
      ],
    },
    replies: {
      "1700000200.000200": [
        { type: "message", user: "U0BOB", text: "Starting the deploy", ts: "1700000200.000200", thread_ts: "1700000200.000200", reply_count: 2 },
        { type: "message", user: "U0ALICE", text: "Good luck", ts: "1700000230.000230", thread_ts: "1700000200.000200", parent_user_id: "U0BOB" },
        { type: "message", user: "U0CAROL", text: "Watching the graphs", ts: "1700000260.000260", thread_ts: "1700000200.000200", parent_user_id: "U0BOB" },
      ],
    },
    posted: [],
    reactions: new Set(),
    nextTs: 1700001000,
  };
  const all = () => [...state.channels, ...state.privateChannels];

  const stub = await startStub("slack", (req, reply) => {
    const ok = (payload, headers) => reply(200, { ok: true, ...payload }, headers);
    const fail = (error, extra = {}) => reply(200, { ok: false, error, ...extra });
    const m = /^\/api\/([a-zA-Z.]+)$/.exec(req.path);
    if (!m) return reply(404, "<html><body>Not Found</body></html>", { "content-type": "text/html" });
    const method = m[1];
    if (!SCOPES[method]) return fail("unknown_method");
    const params = WRITES.has(method) ? req.json ?? {} : req.query;
    // What Slack accepts but a careful client does not do.
    if ("token" in req.query || (req.json && "token" in req.json)) stub.problems.push(`${method}: token sent in the query or body`);
    if (WRITES.has(method)) {
      if (req.method !== "POST") stub.problems.push(`${method}: a write must be a POST`);
      if (req.headers["content-type"] !== "application/json; charset=utf-8") stub.problems.push(`${method}: content-type '${req.headers["content-type"]}'`);
      if (Object.keys(req.query).length > 0) stub.problems.push(`${method}: query parameters on a JSON write`);
    } else if (req.method !== "GET" || req.body !== "") {
      stub.problems.push(`${method}: a read should be a GET without body`);
    }
    for (const key of Object.keys(params)) if (!PARAMS[method].includes(key)) stub.problems.push(`${method}: unknown parameter '${key}'`);

    const auth = req.headers.authorization;
    if (!auth) return fail("not_authed");
    const token = /^Bearer (.+)$/.exec(auth)?.[1];
    const grant = token ? tokens[token] : undefined;
    if (!grant) return fail("invalid_auth");
    const scopes = grant.scopes ?? ALL_SCOPES;
    if (!scopes.includes(SCOPES[method])) return fail("missing_scope", { needed: SCOPES[method], provided: scopes.join(",") });

    const limitOf = (fallback, max) => {
      const n = Number.parseInt(params.limit ?? String(fallback), 10);
      return Math.max(1, Math.min(max, Number.isNaN(n) ? fallback : n));
    };
    const findChannel = (id) => all().find((c) => c.id === id);
    switch (method) {
      case "conversations.list": {
        const types = (params.types ?? "public_channel").split(",");
        let list = [...(types.includes("public_channel") ? state.channels : []), ...(types.includes("private_channel") ? state.privateChannels : [])];
        if (params.exclude_archived === "true") list = list.filter((c) => !c.is_archived);
        const offset = offsetOf(params.cursor);
        if (offset === null) return fail("invalid_cursor");
        const limit = limitOf(100, 1000);
        const page = list.slice(offset, offset + limit);
        const next = offset + limit < list.length ? cursorFor(offset + limit) : "";
        return ok({ channels: page, response_metadata: { next_cursor: next } });
      }
      case "conversations.info": {
        const c = findChannel(params.channel);
        if (!c || (c.is_private && !c.is_member)) return fail("channel_not_found");
        return ok({ channel: params.include_num_members === "true" ? c : { ...c, num_members: undefined } });
      }
      case "chat.postMessage": {
        const c = findChannel(params.channel);
        if (!c) return fail("channel_not_found");
        if (!c.is_member) return fail("not_in_channel");
        if (c.is_archived) return fail("is_archived");
        if (!params.text) return fail("no_text");
        if (params.thread_ts && !state.messages[c.id]?.some((msg) => msg.ts === params.thread_ts)) return fail("thread_not_found");
        const ts = `${state.nextTs++}.000100`;
        const message = { user: "U0BOT", type: "message", ts, bot_id: "B0BOT", app_id: "A0APP", text: params.text, team: "T0TEST", ...(params.thread_ts ? { thread_ts: params.thread_ts, parent_user_id: "U0BOB" } : {}) };
        state.posted.push({ channel: c.id, ...message });
        return ok({ channel: c.id, ts, message });
      }
      case "reactions.add": {
        const c = findChannel(params.channel);
        if (!c) return fail("channel_not_found");
        if (!state.messages[c.id]?.some((msg) => msg.ts === params.timestamp)) return fail("message_not_found");
        if (!/^[a-z0-9_+-]+$/.test(params.name ?? "") || params.name === "not-an-emoji") return fail("invalid_name");
        const key = `${c.id}/${params.timestamp}/${params.name}`;
        if (state.reactions.has(key)) return fail("already_reacted");
        state.reactions.add(key);
        return ok({});
      }
      case "conversations.history": {
        const c = findChannel(params.channel);
        if (!c) return fail("channel_not_found");
        if (!c.is_member) return fail("not_in_channel");
        const list = state.messages[c.id] ?? [];
        const limit = limitOf(100, 999);
        const page = list.slice(0, limit);
        const more = list.length > limit;
        return ok({ messages: page, has_more: more, pin_count: 0, channel_actions_ts: null, channel_actions_count: 0, response_metadata: { next_cursor: more ? cursorFor(limit) : "" } });
      }
      case "conversations.replies": {
        const c = findChannel(params.channel);
        if (!c) return fail("channel_not_found");
        const thread = state.replies[params.ts];
        if (!thread) return fail("thread_not_found");
        const offset = offsetOf(params.cursor);
        if (offset === null) return fail("invalid_cursor");
        const limit = limitOf(1000, 1000);
        const page = thread.slice(offset, offset + limit);
        const more = offset + limit < thread.length;
        return ok({ messages: page, has_more: more, response_metadata: { next_cursor: more ? cursorFor(offset + limit) : "" } });
      }
      case "users.list": {
        const offset = offsetOf(params.cursor);
        if (offset === null) return fail("invalid_cursor");
        const limit = limitOf(100, 1000);
        const page = state.users.slice(offset, offset + limit);
        const next = offset + limit < state.users.length ? cursorFor(offset + limit) : "";
        return ok({ members: page, cache_ts: 1700000000, response_metadata: { next_cursor: next } });
      }
      case "users.profile.get": {
        const u = state.users.find((x) => x.id === params.user);
        if (!u) return fail("user_not_found");
        const profile = { ...u.profile, status_text: "In a meeting", status_emoji: ":calendar:", phone: "+49 30 1234567", pronouns: "they/them" };
        if (params.include_labels === "true") profile.fields = { Xf0DEPT: { value: "Platform", alt: "", label: "Department" } };
        else profile.fields = { Xf0DEPT: { value: "Platform", alt: "" } };
        return ok({ profile });
      }
      default:
        return fail("unknown_method");
    }
  });
  stub.state = state;
  return stub;
}

/** The headers the slack pack sends (the exact set, besides host and content-length). */
export const slackHeaders = (token, { json = false } = {}) => ({
  accept: "application/json",
  authorization: `Bearer ${token}`,
  "user-agent": "McpSaas-slack/0.1",
  ...(json ? { "content-type": "application/json; charset=utf-8" } : {}),
});
