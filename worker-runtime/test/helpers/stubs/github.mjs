// A stub of the GitHub REST API v3 (api.github.com, or GitHub Enterprise Server's /api/v3 prefix) answering like
// GitHub: 401 "Bad credentials", 403 without User-Agent, 400 for an unsupported X-GitHub-Api-Version, 404 for what
// the token cannot see (with x-accepted-oauth-scopes), 403 "Resource not accessible by personal access token" with
// x-accepted-github-permissions, search rate limits (403, x-ratelimit-remaining: 0, x-ratelimit-reset), 410, 422,
// Link header pagination, and the real resource shapes (contents as base64 at 60 columns, directories as arrays).

import { startStub } from "../stub-server.mjs";

const DOCS = "https://docs.github.com/rest";
const b64 = (text) => (Buffer.from(text).toString("base64").match(/.{1,60}/g) ?? []).join("\n") + "\n";

const owner = (login, type = "Organization") => ({ login, id: login.length * 1000, type, html_url: `https://github.com/${login}` });

function repo(fullName, extra = {}) {
  const [login, name] = fullName.split("/");
  return {
    id: fullName.length * 7919,
    node_id: `R_${name}`,
    name,
    full_name: fullName,
    private: false,
    owner: owner(login),
    html_url: `https://github.com/${fullName}`,
    description: `${name} of ${login}`,
    fork: false,
    url: `https://api.github.com/repos/${fullName}`,
    created_at: "2024-01-01T00:00:00Z",
    updated_at: "2026-11-01T00:00:00Z",
    pushed_at: "2026-11-01T00:00:00Z",
    stargazers_count: 42,
    watchers_count: 42,
    language: "TypeScript",
    forks_count: 3,
    open_issues_count: 5,
    default_branch: "main",
    topics: ["mcp"],
    archived: false,
    visibility: "public",
    score: 1,
    ...extra,
  };
}

const BIG = "x".repeat(1_100_000) + "\nend of big file\n";
const FILES = {
  "acme/site": {
    "README.md": "# Site\n\nThe acme website. Run `npm start`.\n",
    "docs/guide.md": "# Guide\n\nStep one: search for widgets.\n",
    "docs/faq.md": "# FAQ\n",
    "logo.png": Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]),
    "big.txt": BIG,
    "src/app.js": "export function widgets() { return 'widgets'; }\n",
  },
};

function issue(fullName, number, extra = {}) {
  return {
    url: `https://api.github.com/repos/${fullName}/issues/${number}`,
    html_url: `https://github.com/${fullName}/issues/${number}`,
    id: 1000 + number,
    number,
    title: `Issue ${number}`,
    user: { login: "alice", id: 1 },
    labels: [{ id: 1, name: "bug", color: "d73a4a" }],
    state: "open",
    locked: false,
    assignees: [{ login: "bob", id: 2 }],
    milestone: null,
    comments: number,
    created_at: "2026-10-01T00:00:00Z",
    updated_at: "2026-11-01T00:00:00Z",
    closed_at: null,
    author_association: "MEMBER",
    body: `Body of issue ${number}`,
    state_reason: null,
    ...extra,
  };
}

/**
 * tokens: { [token]: { classicScopes?: "repo, read:org" (classic PAT; omit for fine-grained), permissions?: { issues: "write" },
 *                      searchRemaining?: number } }; prefix: "" (api.github.com) or "/api/v3" (GHES).
 */
export async function startGitHubStub({ tokens, prefix = "" }) {
  const state = {
    repos: [repo("acme/site"), repo("acme/api", { language: "Go", description: "widgets API" }), repo("acme/private-repo", { private: true, visibility: "private" }), repo("other/widgets", { owner: owner("other", "User") })],
    issues: { "acme/site": [issue("acme/site", 3), issue("acme/site", 2, { pull_request: { url: "https://api.github.com/repos/acme/site/pulls/2" } }), issue("acme/site", 1, { state: "closed", closed_at: "2026-10-02T00:00:00Z", state_reason: "completed" })] },
    commits: {
      "acme/site": Array.from({ length: 5 }, (_, i) => ({
        sha: `${String(5 - i).repeat(40)}`,
        node_id: `C_${i}`,
        commit: { author: { name: "Alice", email: "alice@example.com", date: `2026-11-0${5 - i}T10:00:00Z` }, committer: { name: "GitHub", email: "noreply@github.com", date: `2026-11-0${5 - i}T10:00:00Z` }, message: `Change ${5 - i}\n\nDetails ${5 - i}` },
        html_url: `https://github.com/acme/site/commit/${String(5 - i).repeat(40)}`,
        author: { login: "alice", id: 1 },
        committer: { login: "web-flow", id: 2 },
        parents: [],
      })),
    },
    created: [],
    nextIssue: 4,
  };
  const search = { used: new Map() };

  const stub = await startStub("github", (req, reply) => {
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
    const grant = token ? tokens[token] : undefined;
    const rate = (resource, remaining, limit) => ({
      "x-ratelimit-limit": String(limit),
      "x-ratelimit-remaining": String(remaining),
      "x-ratelimit-reset": String(Math.floor(Date.now() / 1000) + 42),
      "x-ratelimit-used": String(limit - remaining),
      "x-ratelimit-resource": resource,
    });
    const common = (resource = "core", remaining = 4999, limit = 5000) => ({
      "x-github-api-version-selected": "2022-11-28",
      "x-github-media-type": "github.v3; format=json",
      ...(grant?.classicScopes !== undefined ? { "x-oauth-scopes": grant.classicScopes } : {}),
      ...rate(resource, remaining, limit),
    });
    const json = (status, body, headers = {}) => reply(status, body, { ...common(), ...headers });
    const notFound = (headers = {}) => json(404, { message: "Not Found", documentation_url: DOCS, status: "404" }, headers);

    if (!req.headers["user-agent"]) {
      return reply(403, "Request forbidden by administrative rules. Please make sure your request has a User-Agent header (https://docs.github.com/en/rest/overview/resources-in-the-rest-api#user-agent-required). Check https://developer.github.com for other possible causes.\n");
    }
    const version = req.headers["x-github-api-version"];
    if (version !== undefined && version !== "2022-11-28") return reply(400, { message: `API version ${version} is not supported.`, documentation_url: DOCS, status: "400" });
    if (!version) stub.problems.push(`${req.method} ${req.path}: no X-GitHub-Api-Version`);
    if (!req.headers.accept?.startsWith("application/vnd.github")) stub.problems.push(`${req.method} ${req.path}: accept '${req.headers.accept}'`);
    if (!grant) return reply(401, { message: "Bad credentials", documentation_url: DOCS, status: "401" });
    if (!req.path.startsWith(prefix)) return notFound();
    const path = req.path.slice(prefix.length);
    const q = req.query;
    const page = Number.parseInt(q.page ?? "1", 10);
    const perPage = Math.min(100, Number.parseInt(q.per_page ?? "30", 10));
    const link = (total) => {
      const last = Math.max(1, Math.ceil(total / perPage));
      const at = (p) => {
        const u = new URL(`https://api.github.com${prefix}${path}`);
        for (const [k, v] of Object.entries(q)) u.searchParams.set(k, v);
        u.searchParams.set("page", String(p));
        return u.href;
      };
      const rels = [];
      if (page > 1) rels.push(`<${at(page - 1)}>; rel="prev"`);
      if (page < last) rels.push(`<${at(page + 1)}>; rel="next"`, `<${at(last)}>; rel="last"`);
      if (page > 1) rels.push(`<${at(1)}>; rel="first"`);
      return rels.length ? { link: rels.join(", ") } : {};
    };
    const visible = (r) => !r.private || /\brepo\b/.test(grant.classicScopes ?? "") || grant.permissions?.contents;

    let m;
    if (req.method === "GET" && (m = /^\/search\/(repositories|code)$/.exec(path))) {
      const resource = m[1] === "code" ? "code_search" : "search";
      const limit = m[1] === "code" ? 10 : 30;
      const used = (search.used.get(token) ?? 0) + 1;
      search.used.set(token, used);
      const remaining = grant.searchRemaining !== undefined ? grant.searchRemaining : limit - used;
      if (remaining <= 0) {
        return reply(403, { documentation_url: "https://docs.github.com/free-pro-team@latest/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits", message: `API rate limit exceeded for user ID 1. If you reach out to GitHub Support for help, please include the request ID.`, status: "403" }, { ...common(resource, 0, limit) });
      }
      if (!q.q) return json(422, { message: "Validation Failed", errors: [{ resource: "Search", field: "q", code: "missing" }], documentation_url: DOCS, status: "422" });
      const users = [...q.q.matchAll(/(?:^|\s)(?:user|org):(\S+)/g)].map((x) => x[1].toLowerCase());
      const terms = q.q.replace(/(?:^|\s)-?\w+:\S+/g, " ").trim().toLowerCase().split(/\s+/).filter(Boolean);
      if (m[1] === "repositories") {
        const hits = state.repos.filter((r) => visible(r) && (users.length === 0 || users.includes(r.owner.login)) && terms.every((t) => `${r.name} ${r.description}`.toLowerCase().includes(t)));
        return reply(200, { total_count: hits.length, incomplete_results: false, items: hits.slice((page - 1) * perPage, page * perPage) }, { ...common(resource, remaining, limit), ...link(hits.length) });
      }
      const hits = [];
      for (const [full, files] of Object.entries(FILES)) {
        const r = state.repos.find((x) => x.full_name === full);
        if (users.length > 0 && !users.includes(r.owner.login)) continue;
        for (const [p, content] of Object.entries(files)) {
          if (typeof content === "string" && content.length < 10_000 && terms.every((t) => content.toLowerCase().includes(t))) {
            hits.push({ name: p.split("/").pop(), path: p, sha: `sha-${p}`, url: `https://api.github.com/repos/${full}/contents/${p}`, git_url: "", html_url: `https://github.com/${full}/blob/main/${p}`, repository: r, score: 1 });
          }
        }
      }
      return reply(200, { total_count: hits.length, incomplete_results: false, items: hits.slice((page - 1) * perPage, page * perPage) }, { ...common(resource, remaining, limit), ...link(hits.length) });
    }

    if (!(m = /^\/repos\/([^/]+)\/([^/]+)(\/.*)?$/.exec(path))) return notFound();
    const full = `${decodeURIComponent(m[1])}/${decodeURIComponent(m[2])}`;
    const rest = m[3] ?? "";
    const r = state.repos.find((x) => x.full_name.toLowerCase() === full.toLowerCase());
    if (full === "acme/no-issues" && rest === "/issues") return json(410, { message: "Issues are disabled for this repo", documentation_url: DOCS, status: "410" });
    if (!r || !visible(r)) return notFound(grant.classicScopes !== undefined ? { "x-accepted-oauth-scopes": "repo" } : {});

    if (req.method === "GET" && (m = /^\/contents(?:\/(.*))?$/.exec(rest))) {
      const p = decodeURIComponent(m[1] ?? "").replace(/\/$/, "");
      if (q.ref && q.ref !== "main") return json(404, { message: `No commit found for the ref ${q.ref}`, documentation_url: DOCS, status: "404" });
      const files = FILES[r.full_name] ?? {};
      const meta = (fp, content) => ({
        name: fp.split("/").pop(),
        path: fp,
        sha: `sha-${fp}`,
        size: Buffer.byteLength(content),
        url: `https://api.github.com/repos/${r.full_name}/contents/${fp}?ref=main`,
        html_url: `https://github.com/${r.full_name}/blob/main/${fp}`,
        git_url: `https://api.github.com/repos/${r.full_name}/git/blobs/sha-${fp}`,
        download_url: `https://raw.githubusercontent.com/${r.full_name}/main/${fp}`,
        type: "file",
      });
      if (p in files) {
        const content = files[p];
        if (req.headers.accept === "application/vnd.github.raw+json") return reply(200, Buffer.isBuffer(content) ? content : Buffer.from(content), { ...common(), "content-type": "application/vnd.github.raw; charset=utf-8" });
        const big = Buffer.byteLength(content) > 1024 * 1024;
        return json(200, { ...meta(p, content), content: big ? "" : b64(content), encoding: big ? "none" : "base64", _links: {} });
      }
      const prefixDir = p === "" ? "" : `${p}/`;
      const children = Object.keys(files).filter((fp) => fp.startsWith(prefixDir));
      if (children.length === 0) return notFound();
      const entries = new Map();
      for (const fp of children) {
        const name = fp.slice(prefixDir.length).split("/")[0];
        const childPath = prefixDir + name;
        if (childPath === fp) entries.set(name, meta(fp, files[fp]));
        else entries.set(name, { name, path: childPath, sha: `sha-${childPath}`, size: 0, type: "dir", url: "", html_url: "", git_url: "", download_url: null });
      }
      return json(200, [...entries.values()]);
    }

    if (req.method === "GET" && rest === "/commits") {
      let list = state.commits[r.full_name] ?? [];
      if (q.sha && q.sha !== "main") return json(404, { message: "No commit found for SHA: " + q.sha, documentation_url: DOCS, status: "404" });
      return json(200, list.slice((page - 1) * perPage, page * perPage), link(list.length));
    }

    if (req.method === "GET" && rest === "/issues") {
      let list = state.issues[r.full_name] ?? [];
      const wanted = q.state ?? "open";
      if (wanted !== "all") list = list.filter((i) => i.state === wanted);
      if (q.labels) list = list.filter((i) => q.labels.split(",").every((l) => i.labels.some((x) => x.name === l)));
      return json(200, list.slice((page - 1) * perPage, page * perPage), link(list.length));
    }

    if (req.method === "GET" && (m = /^\/issues\/(\d+)$/.exec(rest))) {
      const found = (state.issues[r.full_name] ?? []).find((i) => i.number === Number(m[1]));
      return found ? json(200, found) : notFound();
    }

    if (req.method === "POST" && rest === "/issues") {
      if (req.headers["content-type"] !== "application/json") stub.problems.push(`create issue: content-type '${req.headers["content-type"]}'`);
      if (grant.classicScopes === undefined && grant.permissions?.issues !== "write") {
        return json(403, { message: "Resource not accessible by personal access token", documentation_url: "https://docs.github.com/rest/issues/issues#create-an-issue", status: "403" }, { "x-accepted-github-permissions": "issues=write" });
      }
      const body = req.json;
      if (!body || typeof body.title !== "string" || body.title === "") return json(422, { message: "Invalid request.\n\n\"title\" wasn't supplied.", documentation_url: DOCS, status: "422" });
      for (const key of Object.keys(body)) if (!["title", "body", "assignees", "labels", "milestone"].includes(key)) stub.problems.push(`create issue: unknown field '${key}'`);
      if (body.milestone !== undefined && body.milestone !== 1) return json(422, { message: "Validation Failed", errors: [{ value: body.milestone, resource: "Issue", field: "milestone", code: "invalid" }], documentation_url: DOCS, status: "422" });
      const created = issue(r.full_name, state.nextIssue++, {
        title: body.title,
        body: body.body ?? null,
        labels: (body.labels ?? []).map((name, i) => ({ id: 100 + i, name, color: "ededed" })),
        assignees: (body.assignees ?? []).map((login, i) => ({ login, id: 200 + i })),
        milestone: body.milestone ? { number: 1, title: "v1" } : null,
        comments: 0,
      });
      state.created.push(created);
      return json(201, created, { location: created.url });
    }
    return notFound();
  });
  stub.state = state;
  stub.BIG = BIG;
  return stub;
}

export const githubHeaders = (token, { accept = "application/vnd.github+json", json = false } = {}) => ({
  accept,
  authorization: `Bearer ${token}`,
  "x-github-api-version": "2022-11-28",
  "user-agent": "McpSaas-github/0.1",
  ...(json ? { "content-type": "application/json" } : {}),
});
