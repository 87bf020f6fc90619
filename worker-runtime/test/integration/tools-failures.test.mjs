// Every failure class, for every pack that has it, through the built Worker in real workerd: the stub upstreams
// answer the way the real APIs fail (shapes, status codes, headers), and each answer must be an isError result that
// says what happened and what to do — never a JSON-RPC error, never a stack. Then: across this whole run, no seeded
// secret appeared in any answer or in workerd's stdout/stderr, although upstreams echoed them back.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { startStub } from "../helpers/stub-server.mjs";
import { startGitHubStub } from "../helpers/stubs/github.mjs";
import { startNotionStub } from "../helpers/stubs/notion.mjs";
import { startSlackStub } from "../helpers/stubs/slack.mjs";
import { assertNoSecretsLeaked, assertToolError, startToolServer, textOf } from "../helpers/tool-server.mjs";

const SLACK = "xoxb-9999999999-8888888888-FailureSuiteBotToken01";
const GITHUB = "github_pat_11FAILURES00000000_failureSuiteTokenValue002";
const NOTION = "ntn_7777777777777777FailureSuiteNotionToken003";
const secrets = { MCP_SECRET_SLACK_BOTTOKEN: SLACK, MCP_SECRET_GITHUB_TOKEN: GITHUB, MCP_SECRET_NOTION_TOKEN: NOTION };
const TIMEOUT_MS = 800;

let slack;
let github;
let notion;
let site;
let outside;
let server;
const stubs = {};

before(async () => {
  [slack, github, notion, site, outside] = await Promise.all([
    startSlackStub({ tokens: { [SLACK]: {} } }),
    startGitHubStub({ tokens: { [GITHUB]: { permissions: { issues: "write" } } } }),
    startNotionStub({ tokens: { [NOTION]: true } }),
    startStub("site", (req, reply) => (req.path === "/away" ? reply(302, "", { location: `${outside.origin}/` }) : reply(200, "<p>ok</p>", { "content-type": "text/html" }))),
    startStub("outside", (req, reply) => reply(200, "never")),
  ]);
  Object.assign(stubs, { slack, github, notion, site });
  server = await startToolServer({
    tools: [
      { use: "slack", with: { apiBaseUrl: `${slack.origin}/api`, channels: ["C0GENERAL"] } },
      { use: "github", with: { apiBaseUrl: github.origin, owners: ["acme"], readOnly: false } },
      { use: "notion", with: { apiBaseUrl: `${notion.origin}/v1` } },
      { use: "fetch", with: { allowedHosts: [`127.0.0.1:${site.port}`], maxBytes: 4096 } },
    ],
    secrets,
    timeoutMs: TIMEOUT_MS,
  });
});

after(async () => {
  await server?.stop();
  await Promise.all([slack, github, notion, site, outside].map((s) => s?.close()));
});

const notionError = (status, code, message) => ({ object: "error", status, code, message, request_id: "req-1" });
const ghError = (status, message) => ({ message, documentation_url: "https://docs.github.com/rest", status: String(status) });
const manyMembers = Array.from({ length: 1500 }, (_, i) => ({ id: `U${String(i).padStart(8, "0")}`, name: `user${i}`, real_name: `User Number ${i}`, tz: "Europe/Berlin", is_bot: false, profile: { display_name: `user${i}`, title: "Engineer of many things", email: `user${i}@example.com` } }));
const manyRepos = Array.from({ length: 1000 }, (_, i) => ({ full_name: `acme/repo-${i}`, owner: { login: "acme" }, description: "a repository with a longish description to fill the result", html_url: `https://github.com/acme/repo-${i}`, private: false, language: "Go", stargazers_count: i, forks_count: 0, open_issues_count: 0, default_branch: "main", updated_at: "2026-11-01T00:00:00Z" }));
const manyPages = Array.from({ length: 1000 }, (_, i) => ({ object: "page", id: `${String(i).padStart(8, "0")}-0000-4000-8000-000000000000`, url: `https://www.notion.so/p-${i}`, parent: { type: "workspace", workspace: true }, last_edited_time: "2026-11-01T00:00:00.000Z", properties: { title: { type: "title", title: [{ plain_text: `A page with a fairly long title number ${i}` }] } } }));

const SLACK_CALL = ["slack_get_users", {}];
const GITHUB_CALL = ["get_issue", { owner: "acme", repo: "site", issue_number: 1 }];
const NOTION_CALL = ["notion_search", { query: "x" }];

// class → [pack, stub, fault, call, patterns]
const table = {
  "401 / invalid token": [
    ["slack", "slack", { body: { ok: false, error: "token_revoked" } }, SLACK_CALL, [/^Slack rejected the credentials \(error 'token_revoked'\)\. The token in the secret mapped to `secrets\.botToken` is missing, invalid, expired or revoked/]],
    ["github", "github", { status: 401, body: ghError(401, "Bad credentials") }, GITHUB_CALL, [/^GitHub rejected the credentials \(HTTP 401 "Bad credentials"\)\. The token in the secret mapped to `secrets\.token`/]],
    ["notion", "notion", { status: 401, body: notionError(401, "unauthorized", "API token is invalid.") }, NOTION_CALL, [/^Notion rejected the credentials \(HTTP 401 error 'unauthorized' "API token is invalid\."\)/]],
    ["fetch", "site", { status: 401, body: "Unauthorized" }, ["fetch", { url: "SITE/x" }], [/requires credentials \(HTTP 401 "Unauthorized"\)\. This tool never sends any/]],
  ],
  "403 / missing scope, named when the API names it": [
    ["slack", "slack", { body: { ok: false, error: "missing_scope", needed: "users:read", provided: "chat:write,channels:read" } }, SLACK_CALL, [/^Slack refused the request: the token lacks the permission 'users:read' \(it has: chat:write,channels:read\)/]],
    ["github (fine-grained)", "github", { status: 403, headers: { "x-accepted-github-permissions": "issues=read" }, body: ghError(403, "Resource not accessible by personal access token") }, GITHUB_CALL, [/^GitHub refused the request: the token lacks the permission 'issues=read' \(HTTP 403 "Resource not accessible by personal access token"\)/]],
    ["github (classic)", "github", { status: 403, headers: { "x-oauth-scopes": "read:org", "x-accepted-oauth-scopes": "repo" }, body: ghError(403, "Must have admin rights to Repository.") }, GITHUB_CALL, [/lacks the permission 'repo' \(it has: read:org\)/]],
    ["notion (no scope named)", "notion", { status: 403, body: notionError(403, "restricted_resource", "Insufficient permissions for this endpoint.") }, NOTION_CALL, [/^Notion refused access \(HTTP 403 error 'restricted_resource'/, /Give the integration the capability it needs/]],
  ],
  "404 / not found": [
    ["slack", "slack", { body: { ok: false, error: "user_not_found" } }, ["slack_get_user_profile", { user_id: "U0GONE" }], [/^Slack found no user U0GONE \(error 'user_not_found'\)\. Check the user id/]],
    ["github", "github", { status: 404, body: ghError(404, "Not Found") }, GITHUB_CALL, [/^GitHub found no issue #1 in acme\/site \(HTTP 404 "Not Found"\)\. Check the ids and names/]],
    ["notion", "notion", { status: 404, body: notionError(404, "object_not_found", "Could not find database with ID: x.") }, ["notion_query_database", { database_id: "00000003-0000-4000-8000-000000000003" }], [/^Notion found no database 00000003-0000-4000-8000-000000000003 \(HTTP 404 error 'object_not_found'/, /Share the page or database/]],
    ["fetch", "site", { status: 404, body: "nothing here" }, ["fetch", { url: "SITE/gone" }], [/found no page at http:\/\/127\.0\.0\.1:\d+\/gone \(HTTP 404 "nothing here"\)/]],
  ],
  "429 with Retry-After": [
    ["slack", "slack", { status: 429, headers: { "retry-after": "30" }, body: { ok: false, error: "ratelimited" } }, SLACK_CALL, [/^Slack rate limit reached \(HTTP 429 error 'ratelimited'\)\. Retry after 30 s \(at 20\d\d-/]],
    ["github (secondary)", "github", { status: 403, headers: { "retry-after": "60" }, body: ghError(403, "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.") }, GITHUB_CALL, [/^GitHub rate limit reached \(HTTP 403 "You have exceeded a secondary rate limit/, /Retry after 60 s/, /secondary rate limit: make fewer requests/]],
    ["github (429)", "github", { status: 429, headers: { "retry-after": "7" }, body: ghError(429, "Too Many Requests") }, GITHUB_CALL, [/Retry after 7 s/]],
    ["notion", "notion", { status: 429, headers: { "retry-after": "5" }, body: notionError(429, "rate_limited", "You have been rate limited. Please try again in a few minutes.") }, NOTION_CALL, [/^Notion rate limit reached \(HTTP 429 error 'rate_limited'/, /Retry after 5 s/]],
    ["fetch", "site", { status: 429, headers: { "retry-after": "3" }, body: "slow down" }, ["fetch", { url: "SITE/x" }], [/rate limit reached \(HTTP 429 "slow down"\)\. Retry after 3 s/]],
  ],
  "5xx": [
    ["slack", "slack", { status: 503, body: "upstream connect error or disconnect/reset before headers" }, SLACK_CALL, [/^Slack failed on its side \(HTTP 503\)\. Retry in a moment/]],
    ["slack (ok:false fatal_error)", "slack", { body: { ok: false, error: "fatal_error" } }, SLACK_CALL, [/^Slack failed on its side \(error 'fatal_error'\)/]],
    ["github", "github", { status: 502, body: ghError(502, "Server Error") }, GITHUB_CALL, [/^GitHub failed on its side \(HTTP 502 "Server Error"\)/]],
    ["notion", "notion", { status: 503, body: notionError(503, "service_unavailable", "Notion is unavailable, please try again later.") }, NOTION_CALL, [/^Notion failed on its side \(HTTP 503 error 'service_unavailable'/]],
    ["fetch", "site", { status: 500, body: "boom" }, ["fetch", { url: "SITE/x" }], [/failed on its side \(HTTP 500 "boom"\)/]],
  ],
  "timeout (per call, under the Worker's limits)": [
    ["slack", "slack", { hang: true }, SLACK_CALL, [/^Slack did not answer within 0\.8 s \(this tool's per-call timeout\)/]],
    ["github", "github", { hang: true }, GITHUB_CALL, [/^GitHub did not answer within 0\.8 s/]],
    ["notion", "notion", { hang: true }, NOTION_CALL, [/^Notion did not answer within 0\.8 s/]],
    ["fetch", "site", { hang: true }, ["fetch", { url: "SITE/x" }], [/did not answer within 0\.8 s/]],
  ],
  "too large: an answer past the read bound": [
    ["github (9 MiB answer)", "github", { status: 200, body: { items: [], padding: "p".repeat(9 * 1024 * 1024) } }, ["search_repositories", { query: "x" }], [/^GitHub answered more than 8,388,608 bytes, more than this tool reads\. Ask for less/]],
  ],
  "not the API's answer (apiBaseUrl pointing elsewhere)": [
    ["slack", "slack", { body: "<html><body>Welcome to our website</body></html>", headers: { "content-type": "text/html" } }, SLACK_CALL, [/^Slack sent an answer this tool cannot read \(HTTP 200 "users\.list did not answer a Slack Web API object"\)\. Check the tool's apiBaseUrl points at the Slack API\./]],
    ["github", "github", { body: "<html>portal</html>", headers: { "content-type": "text/html" } }, GITHUB_CALL, [/^GitHub sent an answer this tool cannot read .*Check the tool's apiBaseUrl/]],
    ["notion", "notion", { body: "<html>portal</html>", headers: { "content-type": "text/html" } }, NOTION_CALL, [/^Notion sent an answer this tool cannot read .*Check the tool's apiBaseUrl/]],
  ],
  "out of the allow-list": [
    ["slack channels", null, null, ["slack_post_message", { channel_id: "C0RANDOM", text: "x" }], [/^Channel 'C0RANDOM' is not allowed on this server: it is not in the tool's allow-list `with\.channels` \(C0GENERAL\)/]],
    ["github owners", null, null, ["list_issues", { owner: "globex", repo: "x" }], [/^Owner 'globex' is not allowed on this server: it is not in the tool's allow-list `with\.owners` \(acme\)/]],
    ["fetch allowedHosts", null, null, ["fetch", { url: "OUTSIDE/" }], [/^Host '127\.0\.0\.1:\d+' is not allowed on this server: it is not in the tool's allow-list `with\.allowedHosts`/]],
    ["fetch redirect outside allowedHosts", null, null, ["fetch", { url: "SITE/away" }], [/redirected to http:\/\/127\.0\.0\.1:\d+\/, whose host '127\.0\.0\.1:\d+' is not in the tool's allow-list `with\.allowedHosts`; the redirect was not followed/]],
  ],
};

const resolve = (args) => JSON.parse(JSON.stringify(args).replaceAll("SITE", site.origin).replaceAll("OUTSIDE", outside.origin));

describe("failure classes → isError results that say what happened and what to do", () => {
  for (const [failure, rows] of Object.entries(table)) {
    it(failure, async () => {
      for (const [pack, stubName, fault, [tool, args], patterns] of rows) {
        if (fault) stubs[stubName].inject(fault);
        const started = Date.now();
        let result;
        try {
          result = await server.call(tool, resolve(args));
        } catch (error) {
          assert.fail(`${pack}: ${tool} answered a protocol error instead of an isError result: ${error.message}`);
        }
        assertToolError(result, ...patterns);
        assert.ok(Date.now() - started < TIMEOUT_MS + 1500, `${pack}: answered within the timeout`);
        if (fault) assert.equal(stubs[stubName].faults.length, 0, `${pack}: the fault was served`);
      }
      assert.deepEqual(outside.requests, [], "the host outside the allow-list was never reached");
    });
  }

  it("too large: results are cut at 100,000 characters with a note, for every pack", async () => {
    slack.inject({ body: { ok: true, members: manyMembers, response_metadata: { next_cursor: "" } } });
    github.inject({ status: 200, body: { total_count: 1000, incomplete_results: false, items: manyRepos } });
    notion.inject({ status: 200, body: { object: "list", results: manyPages, next_cursor: null, has_more: false } });
    site.inject({ status: 200, body: "t".repeat(200_000), headers: { "content-type": "text/plain" } });
    for (const [tool, args] of [["slack_get_users", {}], ["search_repositories", { query: "repo" }], ["notion_search", {}]]) {
      const result = await server.call(tool, args);
      assert.notEqual(result.isError, true);
      assert.equal(result.content[0].text.length, 100_000);
      assert.match(result.content.at(-1).text, /^\[Result cut: it had [\d,]+ characters; the first 100,000 are shown \(the limit per result\)\. Ask for less/);
    }
    const page = textOf(await server.call("fetch", { url: `${site.origin}/big.txt`, max_length: 1_000_000 }));
    assert.match(page, /The page is larger than maxBytes \(4,096 bytes\)/, "fetch: maxBytes bounds the read");
  });

  it("upstream answers that echo the token are scrubbed", async () => {
    slack.inject({ body: { ok: false, error: "invalid_auth", response_metadata: { messages: [`[ERROR] token ${SLACK} is revoked`] } } });
    github.inject({ status: 401, body: ghError(401, `Bad credentials for ${GITHUB}`) });
    notion.inject({ status: 400, body: notionError(400, "validation_error", `body.token should not be ${NOTION}`) });
    for (const [tool, args] of [SLACK_CALL, GITHUB_CALL, NOTION_CALL]) {
      const text = assertToolError(await server.call(tool, args), /\[redacted\]/);
      for (const value of Object.values(secrets)) assert.ok(!text.includes(value));
    }
  });
});

describe("secrets never leak", () => {
  it("across this whole run: the tokens reached their upstreams, and appeared in no answer and no workerd output line", () => {
    assert.ok(slack.requests.some((r) => r.headers.authorization === `Bearer ${SLACK}`));
    assert.ok(github.requests.some((r) => r.headers.authorization === `Bearer ${GITHUB}`));
    assert.ok(notion.requests.some((r) => r.headers.authorization === `Bearer ${NOTION}`));
    assert.ok(server.answers.length > 30);
    assertNoSecretsLeaked(server, secrets);
    assert.ok(!site.requests.some((r) => r.headers.authorization || r.headers.cookie), "fetch sent no credentials");
  });
});
