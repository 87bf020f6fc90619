// The github pack through the built Worker in real workerd, against stub GitHub REST APIs on loopback (one shaped
// like api.github.com, one like GitHub Enterprise Server's /api/v3) that assert the exact requests.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { githubHeaders, startGitHubStub } from "../helpers/stubs/github.mjs";
import { assertNoProblems, assertNoSecretsLeaked, assertToolError, jsonOf, shapeOf, startToolServer, textOf } from "../helpers/tool-server.mjs";

const READER = "github_pat_11READER0000000000_readerTokenValueForTests0001";
const WRITER = "github_pat_11WRITER0000000000_writerTokenValueForTests0002";
const NOWRITE = "github_pat_11NOWRITE000000000_noIssuesWriteForTests00003";
const CLASSIC = "ghp_classicTokenWithoutRepoScope0000000004";
const LIMITED = "ghp_searchRateLimitedTokenValue000000005";
const REVOKED = "ghp_revokedTokenValueForTheTests00000006";
const secrets = {
  MCP_SECRET_GITHUB_TOKEN: READER,
  MCP_SECRET_GH_TOKEN: WRITER,
  MCP_SECRET_NOWRITE_TOKEN: NOWRITE,
  MCP_SECRET_CLASSIC_TOKEN: CLASSIC,
  MCP_SECRET_LIMITED_TOKEN: LIMITED,
  MCP_SECRET_OLD_TOKEN: REVOKED,
  MCP_SECRET_GHE_TOKEN: WRITER,
};

let github;
let ghes;
let server;

before(async () => {
  const tokens = {
    [READER]: { permissions: { issues: "read" } },
    [WRITER]: { permissions: { issues: "write" } },
    [NOWRITE]: { permissions: { issues: "read" } },
    [CLASSIC]: { classicScopes: "read:org" },
    [LIMITED]: { classicScopes: "repo", searchRemaining: 0 },
  };
  github = await startGitHubStub({ tokens });
  ghes = await startGitHubStub({ tokens, prefix: "/api/v3" });
  const api = github.origin;
  server = await startToolServer({
    tools: [
      { use: "github", with: { apiBaseUrl: api, owners: ["acme"] } },
      { use: "github", as: "gh", with: { apiBaseUrl: api, readOnly: false } },
      { use: "github", as: "nowrite", with: { apiBaseUrl: api, readOnly: false } },
      { use: "github", as: "classic", with: { apiBaseUrl: api } },
      { use: "github", as: "limited", with: { apiBaseUrl: api } },
      { use: "github", as: "old", with: { apiBaseUrl: api } },
      { use: "github", as: "ghe", with: { apiBaseUrl: `${ghes.origin}/api/v3/` } },
    ],
    secrets,
  });
});

after(async () => {
  try {
    assertNoProblems(github, ghes);
    assertNoSecretsLeaked(server, secrets);
  } finally {
    await server?.stop();
    await github?.close();
    await ghes?.close();
  }
});

const get = (path, query = {}, token = READER, options) => ({ method: "GET", path, query, headers: githubHeaders(token, options), body: null });

describe("github pack (workerd → stub GitHub REST API)", () => {
  it("search_repositories: GET /search/repositories; with `owners` the query is limited to them", async () => {
    const result = jsonOf(await server.call("search_repositories", { query: "widgets" }));
    assert.deepEqual(result.items.map((r) => r.full_name), ["acme/api"]);
    assert.deepEqual(result.items[0], { full_name: "acme/api", description: "widgets API", html_url: "https://github.com/acme/api", private: false, language: "Go", stargazers_count: 42, forks_count: 3, open_issues_count: 5, default_branch: "main", topics: ["mcp"], updated_at: "2026-11-01T00:00:00Z" });
    assert.deepEqual([result.total_count, result.next_page, result.last_page], [1, null, null]);
    assert.deepEqual(shapeOf(github.take()), [get("/search/repositories", { q: "widgets user:acme", page: "1", per_page: "30" })]);
  });

  it("search_repositories: a qualifier naming another owner is refused before any request", async () => {
    for (const query of ["widgets user:other", "x repo:other/widgets", "org:Other y"]) {
      assertToolError(await server.call("search_repositories", { query }), /Owner '(other|Other)' is not allowed on this server: it is not in the tool's allow-list `with.owners` \(acme\)/);
    }
    assert.deepEqual(github.take(), []);
    assert.deepEqual(jsonOf(await server.call("search_repositories", { query: "widgets user:ACME" })).items.map((r) => r.full_name), ["acme/api"]);
    assert.equal(github.take()[0].query.q, "widgets user:ACME", "an allowed qualifier is kept as given");
  });

  it("Link header pagination is surfaced as next_page / last_page", async () => {
    const first = jsonOf(await server.call("gh_search_repositories", { query: "widgets", perPage: 1 }));
    assert.deepEqual([first.total_count, first.items.length, first.next_page, first.last_page], [2, 1, 2, 2]);
    const second = jsonOf(await server.call("gh_search_repositories", { query: "widgets", perPage: 1, page: 2 }));
    assert.deepEqual([second.items[0].full_name, second.next_page], ["other/widgets", null]);
    assert.deepEqual(shapeOf(github.take()), [get("/search/repositories", { q: "widgets", page: "1", per_page: "1" }, WRITER), get("/search/repositories", { q: "widgets", page: "2", per_page: "1" }, WRITER)]);
  });

  it("get_file_contents: decodes a base64 file (metadata block + the file's text)", async () => {
    const result = await server.call("get_file_contents", { owner: "acme", repo: "site", path: "README.md" });
    assert.deepEqual(JSON.parse(result.content[0].text), { type: "file", path: "README.md", size: 43, sha: "sha-README.md", html_url: "https://github.com/acme/site/blob/main/README.md", encoding: "utf-8" });
    assert.equal(result.content[1].text, "# Site\n\nThe acme website. Run `npm start`.\n");
    await server.call("get_file_contents", { owner: "acme", repo: "site", path: "/docs/guide.md", branch: "main" });
    assert.deepEqual(shapeOf(github.take()), [get("/repos/acme/site/contents/README.md"), get("/repos/acme/site/contents/docs/guide.md", { ref: "main" })]);
  });

  it("get_file_contents: lists directories (and the root), flags binary files, encodes path segments", async () => {
    const dir = jsonOf(await server.call("get_file_contents", { owner: "acme", repo: "site", path: "docs" }));
    assert.deepEqual(dir, { type: "dir", path: "docs", entries: [{ type: "file", name: "guide.md", path: "docs/guide.md", size: 39, sha: "sha-docs/guide.md" }, { type: "file", name: "faq.md", path: "docs/faq.md", size: 6, sha: "sha-docs/faq.md" }] });
    const root = jsonOf(await server.call("get_file_contents", { owner: "acme", repo: "site", path: "" }));
    assert.deepEqual(root.entries.map((e) => [e.type, e.name]), [["file", "README.md"], ["dir", "docs"], ["file", "logo.png"], ["file", "big.txt"], ["dir", "src"]]);
    const binary = jsonOf(await server.call("get_file_contents", { owner: "acme", repo: "site", path: "logo.png" }));
    assert.equal(binary.binary, true);
    assertToolError(await server.call("get_file_contents", { owner: "acme", repo: "site", path: "docs/my file#1.md" }), /GitHub found no path 'docs\/my file#1\.md' in acme\/site \(HTTP 404 "Not Found"\)/);
    assert.deepEqual(
      github.take().map((r) => r.url),
      ["/repos/acme/site/contents/docs", "/repos/acme/site/contents", "/repos/acme/site/contents/logo.png", "/repos/acme/site/contents/docs/my%20file%231.md"],
    );
  });

  it("get_file_contents: a file over 1 MB is read raw (bounded), and the result is cut with notes", async () => {
    const result = await server.call("get_file_contents", { owner: "acme", repo: "site", path: "big.txt" });
    const info = JSON.parse(result.content[0].text);
    assert.match(info.note, /The file is 1,100,017 bytes: only its first 1,048,576 bytes were read/);
    assert.match(textOf(result), /\[Result cut: it had 1,048,\d{3} characters; the first 100,000 are shown/);
    assert.deepEqual(shapeOf(github.take()), [get("/repos/acme/site/contents/big.txt"), get("/repos/acme/site/contents/big.txt", {}, READER, { accept: "application/vnd.github.raw+json" })]);
  });

  it("list_commits: GET /repos/{o}/{r}/commits with sha and paging", async () => {
    const result = jsonOf(await server.call("list_commits", { owner: "acme", repo: "site", sha: "main", perPage: 2 }));
    assert.deepEqual(result.commits[0], { sha: "5".repeat(40), message: "Change 5\n\nDetails 5", author: "Alice", author_login: "alice", date: "2026-11-05T10:00:00Z", committer: "GitHub", html_url: `https://github.com/acme/site/commit/${"5".repeat(40)}` });
    assert.deepEqual([result.commits.length, result.next_page, result.last_page], [2, 2, 3]);
    assert.deepEqual(shapeOf(github.take()), [get("/repos/acme/site/commits", { sha: "main", page: "1", per_page: "2" })]);
  });

  it("list_issues and get_issue: filters as query parameters; pull requests are flagged", async () => {
    const list = jsonOf(await server.call("list_issues", { owner: "acme", repo: "site", state: "all", labels: ["bug"], sort: "updated", direction: "desc", since: "2026-01-01T00:00:00Z", per_page: 10 }));
    assert.deepEqual(list.issues.map((i) => [i.number, i.state, i.is_pull_request ?? false]), [[3, "open", false], [2, "open", true], [1, "closed", false]]);
    const one = jsonOf(await server.call("get_issue", { owner: "acme", repo: "site", issue_number: 3 }));
    assert.deepEqual(one, { number: 3, title: "Issue 3", state: "open", user: "alice", labels: ["bug"], assignees: ["bob"], comments: 3, created_at: "2026-10-01T00:00:00Z", updated_at: "2026-11-01T00:00:00Z", html_url: "https://github.com/acme/site/issues/3", body: "Body of issue 3" });
    assert.deepEqual(shapeOf(github.take()), [
      get("/repos/acme/site/issues", { state: "all", labels: "bug", sort: "updated", direction: "desc", since: "2026-01-01T00:00:00Z", page: "1", per_page: "10" }),
      get("/repos/acme/site/issues/3"),
    ]);
    assertToolError(await server.call("get_issue", { owner: "acme", repo: "site", issue_number: 99 }), /GitHub found no issue #99 in acme\/site \(HTTP 404/);
    github.take();
  });

  it("search_code: GET /search/code, limited to the allowed owners", async () => {
    const result = jsonOf(await server.call("search_code", { q: "widgets", order: "desc" }));
    assert.deepEqual(result.items.map((i) => [i.repository, i.path]), [["acme/site", "docs/guide.md"], ["acme/site", "src/app.js"]]);
    assert.deepEqual(shapeOf(github.take()), [get("/search/code", { q: "widgets user:acme", order: "desc", page: "1", per_page: "30" })]);
  });

  it("owners allow-list: every repository tool refuses another owner before any request", async () => {
    for (const [tool, args] of [
      ["get_file_contents", { owner: "other", repo: "widgets", path: "README.md" }],
      ["list_commits", { owner: "other", repo: "widgets" }],
      ["list_issues", { owner: "other", repo: "widgets" }],
      ["get_issue", { owner: "other", repo: "widgets", issue_number: 1 }],
    ]) {
      assertToolError(await server.call(tool, args), /Owner 'other' is not allowed on this server/);
    }
    assert.deepEqual(github.take(), []);
  });
});

describe("github pack: create_issue, readOnly, aliases, errors", () => {
  it("readOnly (the default) hides create_issue: calling it is an unknown tool", async () => {
    await assert.rejects(server.call("create_issue", { owner: "acme", repo: "site", title: "x" }), (e) => e.rpcError?.code === -32602);
  });

  it("create_issue: POST /repos/{o}/{r}/issues with a JSON body, answered 201", async () => {
    const result = jsonOf(await server.call("gh_create_issue", { owner: "acme", repo: "site", title: "Broken link", body: "On /about", labels: ["bug"], assignees: ["bob"], milestone: 1 }));
    assert.deepEqual([result.created, result.number, result.title, result.milestone, result.html_url], [true, 4, "Broken link", "v1", "https://github.com/acme/site/issues/4"]);
    assert.deepEqual(shapeOf(github.take()), [
      { method: "POST", path: "/repos/acme/site/issues", query: {}, headers: githubHeaders(WRITER, { json: true }), body: { title: "Broken link", body: "On /about", assignees: ["bob"], labels: ["bug"], milestone: 1 } },
    ]);
  });

  it("create_issue refusals: missing permission named (403), validation problems (422), issues disabled (410)", async () => {
    assertToolError(await server.call("nowrite_create_issue", { owner: "acme", repo: "site", title: "x" }), /GitHub refused the request: the token lacks the permission 'issues=write' \(HTTP 403 "Resource not accessible by personal access token"\)/, /Grant 'issues=write'/);
    assertToolError(await server.call("gh_create_issue", { owner: "acme", repo: "site", title: "x", milestone: 99 }), /HTTP 422 "Validation Failed"\)\. Problems: Issue\.milestone invalid/);
    assertToolError(await server.call("gh_create_issue", { owner: "acme", repo: "no-issues", title: "x" }), /GitHub refused the request \(HTTP 410 "Issues are disabled for this repo"\)/);
    github.take();
  });

  it("a private repository the classic token cannot see: 404 naming the scope it would need", async () => {
    assertToolError(await server.call("classic_list_issues", { owner: "acme", repo: "private-repo" }), /GitHub found no repository acme\/private-repo \(HTTP 404 "Not Found"\)/, /If it is private, the token needs the scope 'repo'\./);
    github.take();
  });

  it("search rate limit (403, x-ratelimit-remaining: 0) → when to retry", async () => {
    const text = assertToolError(await server.call("limited_search_repositories", { query: "widgets" }), /^GitHub rate limit reached \(HTTP 403 "API rate limit exceeded for user ID 1\./, /Retry after 4[0-2] s \(at /, /search API allows 30 requests per minute/);
    assert.doesNotMatch(text, /lacks the permission/);
    github.take();
  });

  it("bad credentials (401) say which secret to fix", async () => {
    assertToolError(await server.call("old_list_commits", { owner: "acme", repo: "site" }), /GitHub rejected the credentials \(HTTP 401 "Bad credentials"\)\. The token in the secret mapped to `secrets\.token`/);
    github.take();
  });

  it("GitHub Enterprise Server: apiBaseUrl https://HOST/api/v3 prefixes every path; each alias sends its own token", async () => {
    await server.call("ghe_get_issue", { owner: "acme", repo: "site", issue_number: 1 });
    await server.call("get_issue", { owner: "acme", repo: "site", issue_number: 1 });
    assert.deepEqual(shapeOf(ghes.take()), [get("/api/v3/repos/acme/site/issues/1", {}, WRITER)]);
    assert.deepEqual(github.take().map((r) => r.headers.authorization), [`Bearer ${READER}`]);
  });
});
