// The `slack` pack: the Slack Web API with a bot token (Authorization: Bearer). Reads are GETs with query
// parameters, writes are POSTs with a JSON body. Slack answers HTTP 200 with {ok:false, error} for most failures:
// those are mapped to messages that say what to do. `channels` is an allow-list; `teamId` is sent as team_id to
// the methods that accept it (conversations.list, users.list).

import meta from "./tool.json" with { type: "json" };

const USER_AGENT = "McpSaas-slack/0.1";
const ALLOW_LIST_PAGE = 20; // conversations.info calls per slack_list_channels call when `channels` is set
const REPLIES_PAGE = 200;
const REPLIES_MAX_PAGES = 5;

// Slack `error` codes → { kind, advice?, hint? }: kind picks the shared message (src/upstream.mjs describeFailure),
// advice replaces its default "what to do", hint is appended.
const ERRORS = {
  not_authed: { kind: "unauthorized", message: "no token was sent" },
  invalid_auth: { kind: "unauthorized" },
  account_inactive: { kind: "unauthorized" },
  token_revoked: { kind: "unauthorized" },
  token_expired: { kind: "unauthorized" },
  not_allowed_token_type: { kind: "unauthorized", hint: "Use a bot token (xoxb-…)." },
  no_permission: { kind: "forbidden", hint: "The workspace does not let this app do that." },
  restricted_action: { kind: "forbidden", hint: "A workspace setting prevents this action." },
  team_access_not_granted: { kind: "forbidden", hint: "The token has no access to the workspace in teamId." },
  org_login_required: { kind: "forbidden" },
  ekm_access_denied: { kind: "forbidden" },
  channel_not_found: { kind: "not_found", advice: "Check the channel id (C…/G…); a private channel is visible only after the bot is invited to it." },
  not_in_channel: { kind: "forbidden", advice: "The bot is not a member of this channel: invite it (`/invite @your-bot` in the channel), then retry." },
  is_archived: { kind: "bad_request", hint: "The channel is archived." },
  thread_not_found: { kind: "not_found", advice: "Check thread_ts: it is the ts of the thread's parent message." },
  message_not_found: { kind: "not_found", advice: "Check the message timestamp." },
  user_not_found: { kind: "not_found", advice: "Check the user id (U…)." },
  users_not_found: { kind: "not_found", advice: "Check the user id (U…)." },
  invalid_name: { kind: "bad_request", hint: "That emoji name does not exist in this workspace (use a name like thumbsup, without colons)." },
  too_many_reactions: { kind: "bad_request" },
  no_text: { kind: "bad_request", hint: "The message needs text." },
  msg_too_long: { kind: "bad_request", hint: "Shorten the message (Slack accepts up to 40,000 characters)." },
  invalid_cursor: { kind: "bad_request", hint: "The cursor is not valid (expired, or from another list): start again without a cursor." },
  invalid_ts_latest: { kind: "bad_request" },
  invalid_ts_oldest: { kind: "bad_request" },
  ratelimited: { kind: "rate_limited" },
  rate_limited: { kind: "rate_limited" },
  internal_error: { kind: "upstream_error" },
  fatal_error: { kind: "upstream_error" },
  service_unavailable: { kind: "upstream_error" },
  request_timeout: { kind: "upstream_error" },
};

const base = (ctx) => String(ctx.settings.apiBaseUrl).replace(/\/+$/, "");

/** One Web API call. query → GET with query parameters; body → POST with JSON. Returns the parsed {ok:true} answer. */
async function slack(ctx, method, { query, body, about } = {}) {
  const token = ctx.secret("botToken");
  const url = new URL(`${base(ctx)}/${method}`);
  for (const [key, value] of Object.entries(query ?? {})) if (value !== undefined && value !== null && value !== "") url.searchParams.set(key, String(value));
  const headers = { authorization: `Bearer ${token}`, accept: "application/json", "user-agent": USER_AGENT };
  if (body) headers["content-type"] = "application/json; charset=utf-8";
  const response = await ctx.upstream.request(url, { method: body ? "POST" : "GET", headers, body: body ? JSON.stringify(body) : undefined });
  const data = response.json();
  if (response.status === 429 || data?.error === "ratelimited") throw ctx.upstream.failure(response, { kind: "rate_limited", code: data?.error ?? undefined });
  if (!response.ok) throw ctx.upstream.failure(response, { code: data?.error ?? undefined });
  if (!data || typeof data.ok !== "boolean") throw ctx.upstream.failure(response, { kind: "bad_response", message: `${method} did not answer a Slack Web API object` });
  if (!data.ok) throw slackError(ctx, response, data, about);
  return data;
}

function slackError(ctx, response, data, about) {
  const known = ERRORS[data.error] ?? {};
  const details = { kind: known.kind ?? "bad_request", status: null, code: data.error, message: known.message, advice: known.advice, hint: known.hint, what: about };
  if (data.error === "missing_scope") {
    const scope = data.needed ?? "the scope this method needs";
    Object.assign(details, {
      kind: "forbidden",
      scope,
      provided: data.provided,
      advice: `Add '${scope}' under OAuth & Permissions in the Slack app, reinstall the app to the workspace, and store the new bot token in the secret mapped to \`secrets.botToken\`.`,
    });
  }
  const warnings = data.response_metadata?.messages;
  if (Array.isArray(warnings) && warnings.length > 0 && !details.message) details.message = warnings.slice(0, 3).join("; ");
  return ctx.upstream.failure(response, details);
}

function clean(object) {
  return Object.fromEntries(Object.entries(object).filter(([, v]) => v !== undefined && v !== null && !(Array.isArray(v) && v.length === 0)));
}

const json = (value) => ({ content: [{ type: "text", text: JSON.stringify(value) }] });

function channelSummary(c) {
  return clean({
    id: c.id,
    name: c.name,
    is_private: c.is_private,
    is_archived: c.is_archived,
    is_member: c.is_member,
    num_members: c.num_members,
    topic: c.topic?.value || undefined,
    purpose: c.purpose?.value || undefined,
    created: c.created,
  });
}

function messageSummary(m) {
  return clean({
    ts: m.ts,
    user: m.user,
    bot_id: m.bot_id,
    username: m.username,
    subtype: m.subtype,
    text: m.text,
    thread_ts: m.thread_ts,
    reply_count: m.reply_count,
    latest_reply: m.latest_reply,
    edited: m.edited?.ts,
    reactions: m.reactions?.map((r) => ({ name: r.name, count: r.count })),
    files: m.files?.map((f) => clean({ id: f.id, name: f.name, title: f.title, mimetype: f.mimetype, permalink: f.permalink })),
    attachments: m.attachments?.map((a) => clean({ title: a.title, text: a.text ?? a.fallback, from_url: a.from_url })),
  });
}

function userSummary(u) {
  return clean({
    id: u.id,
    name: u.name,
    real_name: u.real_name ?? u.profile?.real_name,
    display_name: u.profile?.display_name || undefined,
    title: u.profile?.title || undefined,
    email: u.profile?.email,
    tz: u.tz,
    is_bot: u.is_bot,
    is_admin: u.is_admin || undefined,
    deleted: u.deleted || undefined,
  });
}

function stripColons(text) {
  let start = 0;
  let end = text.length;
  while (start < end && text[start] === ":") start++;
  while (end > start && text[end - 1] === ":") end--;
  return text.slice(start, end);
}

const nextCursor = (data) => data.response_metadata?.next_cursor || null;

const tools = {
  async slack_list_channels(args, ctx) {
    const limit = args.limit ?? 100;
    const allowList = ctx.settings.channels;
    if (Array.isArray(allowList) && allowList.length > 0) {
      // Only the allowed channels: one conversations.info each (this also shows private ones the bot is in).
      let offset = 0;
      if (args.cursor) {
        const m = /^allow-list:(\d+)$/.exec(args.cursor);
        if (!m) throw ctx.fail(`The cursor '${args.cursor}' is not one this tool gave out: start again without a cursor.`, "bad_request");
        offset = Number(m[1]);
      }
      const ids = allowList.slice(offset, offset + Math.min(limit, ALLOW_LIST_PAGE));
      const channels = [];
      for (const id of ids) {
        try {
          const data = await slack(ctx, "conversations.info", { query: { channel: id, include_num_members: "true" }, about: `channel ${id}` });
          channels.push(channelSummary(data.channel));
        } catch (error) {
          if (error?.code === "channel_not_found") channels.push({ id, error: "channel_not_found" });
          else throw error;
        }
      }
      const next = offset + ids.length < allowList.length ? `allow-list:${offset + ids.length}` : null;
      return json({ channels, next_cursor: next });
    }
    const data = await slack(ctx, "conversations.list", {
      query: { types: "public_channel", exclude_archived: "true", limit, cursor: args.cursor, team_id: ctx.settings.teamId },
    });
    return json({ channels: (data.channels ?? []).map(channelSummary), next_cursor: nextCursor(data) });
  },

  async slack_post_message(args, ctx) {
    ctx.requireAllowed("channels", args.channel_id, { what: "Channel" });
    const data = await slack(ctx, "chat.postMessage", { body: { channel: args.channel_id, text: args.text }, about: `channel ${args.channel_id}` });
    return json({ posted: true, channel: data.channel, ts: data.ts, text: data.message?.text ?? args.text });
  },

  async slack_reply_to_thread(args, ctx) {
    ctx.requireAllowed("channels", args.channel_id, { what: "Channel" });
    const data = await slack(ctx, "chat.postMessage", {
      body: { channel: args.channel_id, thread_ts: args.thread_ts, text: args.text },
      about: `thread ${args.thread_ts} in channel ${args.channel_id}`,
    });
    return json({ posted: true, channel: data.channel, ts: data.ts, thread_ts: data.message?.thread_ts ?? args.thread_ts, text: data.message?.text ?? args.text });
  },

  async slack_add_reaction(args, ctx) {
    ctx.requireAllowed("channels", args.channel_id, { what: "Channel" });
    const name = stripColons(args.reaction.trim()); // ":thumbsup:" → "thumbsup"; "thumbsup::skin-tone-2" kept
    try {
      await slack(ctx, "reactions.add", { body: { channel: args.channel_id, timestamp: args.timestamp, name }, about: `message ${args.timestamp} in channel ${args.channel_id}` });
    } catch (error) {
      // Idempotent: the reaction is there either way.
      if (error?.code === "already_reacted") return json({ added: false, already_reacted: true, channel: args.channel_id, timestamp: args.timestamp, reaction: name });
      throw error;
    }
    return json({ added: true, channel: args.channel_id, timestamp: args.timestamp, reaction: name });
  },

  async slack_get_channel_history(args, ctx) {
    ctx.requireAllowed("channels", args.channel_id, { what: "Channel" });
    const data = await slack(ctx, "conversations.history", { query: { channel: args.channel_id, limit: args.limit ?? 10 }, about: `channel ${args.channel_id}` });
    return json({ channel: args.channel_id, messages: (data.messages ?? []).map(messageSummary), has_more: data.has_more === true });
  },

  async slack_get_thread_replies(args, ctx) {
    ctx.requireAllowed("channels", args.channel_id, { what: "Channel" });
    const messages = [];
    let cursor;
    let hasMore = false;
    for (let page = 0; page < REPLIES_MAX_PAGES; page++) {
      const data = await slack(ctx, "conversations.replies", {
        query: { channel: args.channel_id, ts: args.thread_ts, limit: REPLIES_PAGE, cursor },
        about: `thread ${args.thread_ts} in channel ${args.channel_id}`,
      });
      messages.push(...(data.messages ?? []).map(messageSummary));
      cursor = nextCursor(data);
      hasMore = data.has_more === true && Boolean(cursor);
      if (!hasMore) break;
    }
    const result = { channel: args.channel_id, thread_ts: args.thread_ts, messages, has_more: hasMore };
    if (hasMore) result.note = `Only the first ${messages.length} messages of the thread are shown.`;
    return json(result);
  },

  async slack_get_users(args, ctx) {
    const data = await slack(ctx, "users.list", { query: { limit: args.limit ?? 100, cursor: args.cursor, team_id: ctx.settings.teamId } });
    return json({ members: (data.members ?? []).map(userSummary), next_cursor: nextCursor(data) });
  },

  async slack_get_user_profile(args, ctx) {
    const data = await slack(ctx, "users.profile.get", { query: { user: args.user_id, include_labels: "true" }, about: `user ${args.user_id}` });
    const p = data.profile ?? {};
    const fields = p.fields && typeof p.fields === "object" ? Object.fromEntries(Object.values(p.fields).filter((f) => f && f.label).map((f) => [f.label, f.alt || f.value])) : undefined;
    return json({
      user_id: args.user_id,
      profile: clean({
        real_name: p.real_name,
        display_name: p.display_name || undefined,
        title: p.title || undefined,
        email: p.email,
        phone: p.phone || undefined,
        pronouns: p.pronouns,
        status_text: p.status_text || undefined,
        status_emoji: p.status_emoji || undefined,
        image: p.image_192 ?? p.image_72,
        fields: fields && Object.keys(fields).length > 0 ? fields : undefined,
      }),
    });
  },
};

export default { meta, tools };
