// The `github` pack: the GitHub REST API (v3) at `apiBaseUrl` (https://api.github.com, or https://HOST/api/v3 for
// GitHub Enterprise Server), with Accept: application/vnd.github+json, X-GitHub-Api-Version: 2022-11-28 and the
// token as Authorization: Bearer. Lists surface the Link header's next/last pages; rate limits (403/429 with
// x-ratelimit-remaining: 0 or retry-after) become retry advice; `owners` is an allow-list.

import meta from "./tool.json" with { type: "json" };

const API_VERSION = "2022-11-28";
const USER_AGENT = "McpSaas-github/0.1";
const RAW_FILE_LIMIT = 1024 * 1024; // bytes read of a file too large for the contents API (the result is cut further)

const base = (ctx) => String(ctx.settings.apiBaseUrl).replace(/\/+$/, "");
const segment = (value) => encodeURIComponent(String(value));
const repoPath = (args) => `/repos/${segment(args.owner)}/${segment(args.repo)}`;

function clean(object) {
  return Object.fromEntries(Object.entries(object).filter(([, v]) => v !== undefined && v !== null));
}

/** One REST call; returns { data (parsed JSON; null with raw), response } for a 2xx, throws a ToolError otherwise. */
async function github(ctx, method, path, { query, body, accept = "application/vnd.github+json", raw = false, about, maxBytes, overflow } = {}) {
  const token = ctx.secret("token");
  const url = new URL(`${base(ctx)}${path}`);
  for (const [key, value] of Object.entries(query ?? {})) if (value !== undefined && value !== null && value !== "") url.searchParams.set(key, String(value));
  const headers = { accept, authorization: `Bearer ${token}`, "x-github-api-version": API_VERSION, "user-agent": USER_AGENT };
  const response = await ctx.upstream.request(url, { method, headers, json: body, maxBytes, overflow });
  if (!response.ok) throw githubFailure(ctx, response, about);
  if (raw) return { data: null, response };
  const data = response.json();
  if (data === null || typeof data !== "object") {
    throw ctx.upstream.failure(response, { kind: "bad_response", message: `${method} ${path} did not answer JSON` });
  }
  return { data, response };
}

function githubFailure(ctx, response, about) {
  const body = response.json();
  const message = typeof body?.message === "string" ? body.message : undefined;
  const h = response.headers;
  const remaining = h.get("x-ratelimit-remaining");
  const retryAfter = h.get("retry-after");
  if (response.status === 429 || (response.status === 403 && (remaining === "0" || retryAfter !== null || /rate limit/i.test(message ?? "")))) {
    let wait;
    if (retryAfter === null && remaining === "0") {
      const reset = Number(h.get("x-ratelimit-reset"));
      if (Number.isFinite(reset) && reset > 0) wait = Math.max(0, Math.ceil(reset - Date.now() / 1000));
    }
    const resource = h.get("x-ratelimit-resource");
    const hint =
      resource === "search" || resource === "code_search"
        ? `GitHub's ${resource === "code_search" ? "code search allows 10" : "search API allows 30"} requests per minute per user.`
        : retryAfter !== null
          ? "This is GitHub's secondary rate limit: make fewer requests in a row."
          : undefined;
    return ctx.upstream.failure(response, { kind: "rate_limited", message, retryAfter: wait, hint });
  }
  const details = { message, what: about };
  const acceptedScopes = (h.get("x-accepted-oauth-scopes") ?? "").trim();
  const tokenScopes = h.get("x-oauth-scopes");
  const acceptedPermissions = (h.get("x-accepted-github-permissions") ?? "").trim();
  if (response.status === 403 || response.status === 404) {
    const has = new Set((tokenScopes ?? "").split(",").map((s) => s.trim()).filter(Boolean));
    const needed = acceptedScopes.split(",").map((s) => s.trim()).filter(Boolean);
    const missing = tokenScopes !== null && needed.length > 0 && !needed.some((s) => has.has(s));
    if (response.status === 403 && missing) Object.assign(details, { scope: needed.join(" or "), provided: tokenScopes || "no scopes" });
    else if (response.status === 403 && acceptedPermissions) details.scope = acceptedPermissions;
    else if (response.status === 404 && (missing || acceptedPermissions)) {
      details.hint = `If it is private, the token needs ${missing ? `the scope '${needed.join(" or ")}'` : `the permission '${acceptedPermissions}'`}.`;
    }
  }
  if (response.status === 422 && Array.isArray(body?.errors) && body.errors.length > 0) {
    details.hint = `Problems: ${body.errors
      .slice(0, 5)
      .map((e) => (typeof e === "string" ? e : e.message ?? `${e.resource ?? ""}.${e.field ?? ""} ${e.code ?? ""}`.trim()))
      .join("; ")}.`;
  }
  if (response.status === 410 && message) details.kind = "bad_request";
  return ctx.upstream.failure(response, details);
}

/** Link header → { next, last, prev, first } page numbers. */
export function linkPages(header) {
  const pages = {};
  for (const part of (header ?? "").split(",")) {
    const m = /<([^>]+)>\s*;\s*rel="?([^";]+)"?/.exec(part.trim());
    if (!m) continue;
    let page = null;
    try {
      page = Number.parseInt(new URL(m[1]).searchParams.get("page") ?? "", 10);
    } catch {
      page = null;
    }
    for (const rel of m[2].split(/\s+/)) pages[rel] = Number.isInteger(page) ? page : null;
  }
  return pages;
}

function paging(response) {
  const pages = linkPages(response.headers.get("link"));
  return { next_page: pages.next ?? null, last_page: pages.last ?? null };
}

const json = (value) => ({ content: [{ type: "text", text: JSON.stringify(value) }] });

/**
 * With an `owners` allow-list, a search names only allowed owners: qualifiers user:/org:/repo: that name another
 * owner are refused; a query without any gets `user:<owner>` for each allowed one (GitHub ORs them).
 */
function scopedQuery(ctx, query) {
  const owners = ctx.settings.owners;
  if (!Array.isArray(owners) || owners.length === 0) return query;
  let positive = 0;
  for (const m of query.matchAll(/(^|\s)(-?)(user|org|repo):("?)([^\s"]+)\4/gi)) {
    if (m[2] === "-") continue;
    positive++;
    const owner = m[3].toLowerCase() === "repo" ? m[5].split("/")[0] : m[5];
    ctx.requireAllowed("owners", owner, { what: "Owner", match: "ignore-case" });
  }
  return positive > 0 ? query : `${query} ${owners.map((o) => `user:${o}`).join(" ")}`;
}

function repoSummary(r) {
  return clean({
    full_name: r.full_name,
    description: r.description,
    html_url: r.html_url,
    private: r.private,
    fork: r.fork || undefined,
    archived: r.archived || undefined,
    language: r.language,
    stargazers_count: r.stargazers_count,
    forks_count: r.forks_count,
    open_issues_count: r.open_issues_count,
    default_branch: r.default_branch,
    topics: r.topics?.length ? r.topics : undefined,
    updated_at: r.updated_at,
  });
}

function issueSummary(i, { withBody = false } = {}) {
  return clean({
    number: i.number,
    title: i.title,
    state: i.state,
    state_reason: i.state_reason,
    user: i.user?.login,
    labels: i.labels?.map((l) => (typeof l === "string" ? l : l.name)),
    assignees: i.assignees?.map((a) => a.login),
    milestone: i.milestone?.title,
    comments: i.comments,
    created_at: i.created_at,
    updated_at: i.updated_at,
    closed_at: i.closed_at,
    html_url: i.html_url,
    is_pull_request: i.pull_request ? true : undefined,
    body: withBody ? i.body ?? "" : undefined,
  });
}

function allowedOwner(ctx, owner) {
  return ctx.allowed("owners", owner, "ignore-case");
}

/** Decodes a base64 file body (GitHub wraps it at 60 columns); null when it is binary. */
function decodeFile(content) {
  const binary = atob(String(content).replace(/\s+/g, ""));
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  if (bytes.subarray(0, 8000).includes(0)) return { bytes, text: null };
  try {
    return { bytes, text: new TextDecoder("utf-8", { fatal: true }).decode(bytes) };
  } catch {
    return { bytes, text: null };
  }
}

const tools = {
  async search_repositories(args, ctx) {
    const q = scopedQuery(ctx, args.query);
    const { data, response } = await github(ctx, "GET", "/search/repositories", { query: { q, page: args.page ?? 1, per_page: args.perPage ?? 30 } });
    const items = (data.items ?? []).filter((r) => allowedOwner(ctx, r.owner?.login ?? ""));
    return json({ total_count: data.total_count, incomplete_results: data.incomplete_results, items: items.map(repoSummary), ...paging(response) });
  },

  async search_code(args, ctx) {
    const q = scopedQuery(ctx, args.q);
    const { data, response } = await github(ctx, "GET", "/search/code", { query: { q, order: args.order, page: args.page ?? 1, per_page: args.per_page ?? 30 } });
    const items = (data.items ?? []).filter((i) => allowedOwner(ctx, i.repository?.owner?.login ?? ""));
    return json({
      total_count: data.total_count,
      incomplete_results: data.incomplete_results,
      items: items.map((i) => clean({ name: i.name, path: i.path, sha: i.sha, repository: i.repository?.full_name, html_url: i.html_url })),
      ...paging(response),
    });
  },

  async get_file_contents(args, ctx) {
    ctx.requireAllowed("owners", args.owner, { what: "Owner", match: "ignore-case" });
    const path = String(args.path).split("/").filter(Boolean).join("/");
    const apiPath = `${repoPath(args)}/contents${path ? `/${path.split("/").map(segment).join("/")}` : ""}`;
    const about = `path '${path || "/"}' in ${args.owner}/${args.repo}${args.branch ? ` at '${args.branch}'` : ""}`;
    const { data } = await github(ctx, "GET", apiPath, { query: { ref: args.branch }, about });
    if (Array.isArray(data)) {
      return json({
        type: "dir",
        path: path || "/",
        entries: data.map((e) => clean({ type: e.type, name: e.name, path: e.path, size: e.type === "file" ? e.size : undefined, sha: e.sha })),
      });
    }
    const info = clean({ type: data.type, path: data.path, size: data.size, sha: data.sha, html_url: data.html_url });
    if (data.type === "symlink") return json({ ...info, target: data.target });
    if (data.type === "submodule") return json({ ...info, submodule_git_url: data.submodule_git_url });
    if (data.type !== "file") return json(info);
    let text;
    let note;
    if (data.encoding === "base64" && typeof data.content === "string") {
      const decoded = decodeFile(data.content);
      if (decoded.text === null) return json({ ...info, binary: true, note: "Binary file: its content is not shown.", download_url: data.download_url });
      text = decoded.text;
    } else {
      // Over 1 MB the contents API sends no content ("encoding": "none"): read the raw file, bounded.
      const { response } = await github(ctx, "GET", apiPath, { query: { ref: args.branch }, accept: "application/vnd.github.raw+json", raw: true, about, maxBytes: RAW_FILE_LIMIT, overflow: "cut" });
      if (response.bytes.subarray(0, 8000).includes(0)) return json({ ...info, binary: true, note: "Binary file: its content is not shown.", download_url: data.download_url });
      text = new TextDecoder().decode(response.bytes);
      if (response.truncated) note = `The file is ${Number(data.size).toLocaleString("en-US")} bytes: only its first ${RAW_FILE_LIMIT.toLocaleString("en-US")} bytes were read.`;
    }
    return { content: [{ type: "text", text: JSON.stringify({ ...info, encoding: "utf-8", ...(note ? { note } : {}) }) }, { type: "text", text }] };
  },

  async list_commits(args, ctx) {
    ctx.requireAllowed("owners", args.owner, { what: "Owner", match: "ignore-case" });
    const { data, response } = await github(ctx, "GET", `${repoPath(args)}/commits`, {
      query: { sha: args.sha, page: args.page ?? 1, per_page: args.perPage ?? 30 },
      about: `repository ${args.owner}/${args.repo}${args.sha ? ` (or '${args.sha}' in it)` : ""}`,
    });
    const commits = (data ?? []).map((c) =>
      clean({
        sha: c.sha,
        message: c.commit?.message,
        author: c.commit?.author?.name,
        author_login: c.author?.login,
        date: c.commit?.author?.date,
        committer: c.commit?.committer?.name !== c.commit?.author?.name ? c.commit?.committer?.name : undefined,
        html_url: c.html_url,
      }),
    );
    return json({ commits, ...paging(response) });
  },

  async list_issues(args, ctx) {
    ctx.requireAllowed("owners", args.owner, { what: "Owner", match: "ignore-case" });
    const { data, response } = await github(ctx, "GET", `${repoPath(args)}/issues`, {
      query: {
        state: args.state ?? "open",
        labels: args.labels?.length ? args.labels.join(",") : undefined,
        sort: args.sort,
        direction: args.direction,
        since: args.since,
        page: args.page ?? 1,
        per_page: args.per_page ?? 30,
      },
      about: `repository ${args.owner}/${args.repo}`,
    });
    return json({ issues: (data ?? []).map((i) => issueSummary(i)), ...paging(response) });
  },

  async get_issue(args, ctx) {
    ctx.requireAllowed("owners", args.owner, { what: "Owner", match: "ignore-case" });
    const { data } = await github(ctx, "GET", `${repoPath(args)}/issues/${args.issue_number}`, { about: `issue #${args.issue_number} in ${args.owner}/${args.repo}` });
    return json(issueSummary(data, { withBody: true }));
  },

  async create_issue(args, ctx) {
    ctx.requireAllowed("owners", args.owner, { what: "Owner", match: "ignore-case" });
    const body = clean({ title: args.title, body: args.body, assignees: args.assignees, labels: args.labels, milestone: args.milestone });
    const { data } = await github(ctx, "POST", `${repoPath(args)}/issues`, { body, about: `repository ${args.owner}/${args.repo}` });
    return json({ created: true, ...issueSummary(data) });
  },
};

export default { meta, tools };
