// The notion pack through the built Worker in real workerd, against a stub Notion API on loopback that asserts
// the exact requests (Notion-Version header included) and answers like Notion.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { IDS, notionHeaders, startNotionStub } from "../helpers/stubs/notion.mjs";
import { assertNoProblems, assertNoSecretsLeaked, assertToolError, jsonOf, shapeOf, startToolServer } from "../helpers/tool-server.mjs";

const TOKEN = "ntn_4242424242424242aBcDeFgHiJkLmNoPqRsTuVwXyZ01";
const READER = "ntn_1313131313131313ReaderIntegrationToken0002";
const secrets = { MCP_SECRET_NOTION_TOKEN: TOKEN, MCP_SECRET_NT_TOKEN: READER, MCP_SECRET_OLD_TOKEN: "ntn_revokedRevokedRevokedRevoked0003" };

let notion;
let server;

before(async () => {
  notion = await startNotionStub({ tokens: { [TOKEN]: true, [READER]: true } });
  const api = `${notion.origin}/v1`;
  server = await startToolServer({
    tools: [
      { use: "notion", with: { apiBaseUrl: api, readOnly: false } },
      { use: "notion", as: "nt", with: { apiBaseUrl: api } },
      { use: "notion", as: "old", with: { apiBaseUrl: api } },
    ],
    secrets,
  });
});

after(async () => {
  try {
    assertNoProblems(notion);
    assertNoSecretsLeaked(server, secrets);
  } finally {
    await server?.stop();
    await notion?.close();
  }
});

const call = (method, path, { query = {}, body = null, token = TOKEN } = {}) => ({ method, path, query, headers: notionHeaders(token, { json: body !== null }), body });
const text = (content) => [{ type: "text", text: { content } }];

describe("notion pack (workerd → stub Notion API)", () => {
  it("notion_search: POST /v1/search with query, object filter and page size; has_more/next_cursor", async () => {
    const found = jsonOf(await server.call("notion_search", { query: "hand", filter: "page", page_size: 10 }));
    assert.deepEqual(found, {
      results: [{ object: "page", id: IDS.handbook, title: "Team Handbook", url: `https://www.notion.so/Team-Handbook-${IDS.handbook.replace(/-/g, "")}`, parent: { type: "workspace" }, last_edited_time: "2026-11-02T10:00:00.000Z" }],
      has_more: false,
      next_cursor: null,
    });
    const first = jsonOf(await server.call("notion_search", { page_size: 2 }));
    assert.deepEqual([first.results.length, first.has_more, first.next_cursor], [2, true, IDS.task1]);
    const next = jsonOf(await server.call("notion_search", { page_size: 2, start_cursor: first.next_cursor }));
    assert.deepEqual(next.results.map((r) => [r.object, r.title]), [["page", "Ship v1"], ["page", "Write docs"]]);
    assert.deepEqual(shapeOf(notion.take()), [
      call("POST", "/v1/search", { body: { page_size: 10, query: "hand", filter: { property: "object", value: "page" } } }),
      call("POST", "/v1/search", { body: { page_size: 2 } }),
      call("POST", "/v1/search", { body: { page_size: 2, start_cursor: IDS.task1 } }),
    ]);
  });

  it("notion_get_page (by URL): the page, its blocks and nested children → properties + markdown", async () => {
    const url = `https://www.notion.so/acme/Team-Handbook-${IDS.handbook.replace(/-/g, "")}?pvs=4`;
    const result = await server.call("notion_get_page", { page_id: url });
    const info = JSON.parse(result.content[0].text);
    assert.deepEqual([info.id, info.title, info.properties], [IDS.handbook, "Team Handbook", { title: "Team Handbook" }]);
    const b = (n) => `${(0x1000 + n).toString(16).padStart(8, "0")}-0000-4000-8000-${(0x1000 + n).toString(16).padStart(12, "0")}`;
    assert.equal(
      result.content[1].text,
      [
        "# Welcome",
        "",
        "Read the **rules** and the [wiki](https://wiki.example.com/)",
        "",
        "- First\n  - *Nested*\n- Second\n- [x] Sign the form",
        "",
        "```shell\nnpm ci\n```",
        "",
        "| Name | Role |\n| --- | --- |\n| Alice | Lead |",
        "",
        `[Page: Onboarding] (id ${b(8)})`,
        "",
        "---",
      ].join("\n"),
    );
    assert.deepEqual(shapeOf(notion.take()), [
      call("GET", `/v1/pages/${IDS.handbook}`),
      call("GET", `/v1/blocks/${IDS.handbook}/children`, { query: { page_size: "100" } }),
      call("GET", `/v1/blocks/${b(3)}/children`, { query: { page_size: "100" } }),
      call("GET", `/v1/blocks/${b(7)}/children`, { query: { page_size: "100" } }),
    ]);
  });

  it("notion_get_page follows has_more/next_cursor through a long page", async () => {
    const result = await server.call("notion_get_page", { page_id: IDS.longPage.replace(/-/g, "") });
    const lines = result.content[1].text.split("\n\n");
    assert.deepEqual([lines.length, lines[0], lines[104]], [105, "Line 1", "Line 105"]);
    const requests = notion.take();
    assert.deepEqual(requests.map((r) => r.query), [{}, { page_size: "100" }, { page_size: "100", start_cursor: "00002064-0000-4000-8000-000000002064" }]);
  });

  it("notion_query_database: POST /v1/databases/{id}/query with filter and sorts; rows as plain property values", async () => {
    const filter = { property: "Done", checkbox: { equals: false } };
    const sorts = [{ property: "Due", direction: "ascending" }];
    const result = jsonOf(await server.call("notion_query_database", { database_id: IDS.tasks, filter, sorts, page_size: 5 }));
    assert.deepEqual(result, {
      results: [{ id: IDS.task1, url: `https://www.notion.so/Ship-v1-${IDS.task1.replace(/-/g, "")}`, properties: { Name: "Ship v1", Status: "In progress", Tags: ["release"], Due: "2026-12-01", Owner: ["Alice Archer"], Estimate: 3, Done: false } }],
      has_more: false,
      next_cursor: null,
    });
    assert.deepEqual(shapeOf(notion.take()), [call("POST", `/v1/databases/${IDS.tasks}/query`, { body: { page_size: 5, filter, sorts } })]);
  });

  it("notion_create_page under a page: title and content as blocks (headings, paragraphs, bullets, code)", async () => {
    const content = "# Plan\n\nFirst paragraph\nsecond line\n\n- one\n- two\n\n```js\nlet x = 1;\n```";
    const result = jsonOf(await server.call("notion_create_page", { parent_page_id: IDS.handbook, title: "Q1 plan", content }));
    assert.deepEqual(result, { created: true, id: IDS.newPage, url: `https://www.notion.so/Q1-plan-${IDS.newPage.replace(/-/g, "")}`, title: "Q1 plan", blocks: 5 });
    assert.deepEqual(shapeOf(notion.take()), [
      call("POST", "/v1/pages", {
        body: {
          parent: { page_id: IDS.handbook },
          properties: { title: { title: text("Q1 plan") } },
          children: [
            { object: "block", type: "heading_1", heading_1: { rich_text: text("Plan") } },
            { object: "block", type: "paragraph", paragraph: { rich_text: text("First paragraph\nsecond line") } },
            { object: "block", type: "bulleted_list_item", bulleted_list_item: { rich_text: text("one") } },
            { object: "block", type: "bulleted_list_item", bulleted_list_item: { rich_text: text("two") } },
            { object: "block", type: "code", code: { rich_text: text("let x = 1;"), language: "javascript" } },
          ],
        },
      }),
    ]);
  });

  it("notion_create_page as a database row: the title goes to the database's title property", async () => {
    await server.call("notion_create_page", { parent_database_id: IDS.tasks, title: "Fix bug", properties: { Status: { select: { name: "Todo" } } } });
    assert.deepEqual(shapeOf(notion.take()), [
      call("GET", `/v1/databases/${IDS.tasks}`),
      call("POST", "/v1/pages", { body: { parent: { database_id: IDS.tasks }, properties: { Status: { select: { name: "Todo" } }, Name: { title: text("Fix bug") } } } }),
    ]);
  });

  it("long content: rich text split at 2,000 characters, blocks past 100 appended in a second request", async () => {
    const long = "w".repeat(4500);
    const bullets = Array.from({ length: 149 }, (_, i) => `- item ${i + 1}`).join("\n");
    const result = jsonOf(await server.call("notion_create_page", { parent_page_id: IDS.handbook, title: "Big", content: `${long}\n\n${bullets}` }));
    assert.equal(result.blocks, 150);
    const [create, append] = notion.take();
    assert.deepEqual(create.json.children[0].paragraph.rich_text.map((t) => t.text.content.length), [2000, 2000, 500]);
    assert.equal(create.json.children.length, 100);
    assert.deepEqual([append.method, append.path, append.json.children.length, append.json.children[0].bulleted_list_item.rich_text[0].text.content], ["PATCH", `/v1/blocks/${IDS.newPage}/children`, 50, "item 100"]);
    assert.deepEqual(append.headers, notionHeaders(TOKEN, { json: true }));
  });
});

describe("notion pack: refusals and errors", () => {
  it("a page not shared with the integration: 404 object_not_found with how to share it", async () => {
    assertToolError(
      await server.call("notion_get_page", { page_id: IDS.unshared }),
      new RegExp(`Notion found no page ${IDS.unshared} \\(HTTP 404 error 'object_not_found' "Could not find page with ID`),
      /Share the page or database with the integration \(••• → Connections → add it\)/,
    );
    notion.take();
  });

  it("ids that are not Notion ids, and properties on a page child, are refused before any request", async () => {
    assertToolError(await server.call("notion_get_page", { page_id: "hello" }), /'hello' is not a Notion page id/);
    assertToolError(await server.call("notion_create_page", { parent_page_id: IDS.handbook, title: "x", properties: { Status: {} } }), /`properties` apply to database rows only/);
    assert.deepEqual(notion.take(), []);
  });

  it("readOnly (the default) hides notion_create_page; the read tools use the alias's token", async () => {
    await assert.rejects(server.call("nt_notion_create_page", { parent_page_id: IDS.handbook, title: "x" }), (e) => e.rpcError?.code === -32602);
    await server.call("nt_notion_search", {});
    assert.deepEqual(notion.take().map((r) => r.headers.authorization), [`Bearer ${READER}`]);
  });

  it("an invalid token: 401 unauthorized names the secret to fix", async () => {
    assertToolError(await server.call("old_notion_search", { query: "x" }), /Notion rejected the credentials \(HTTP 401 error 'unauthorized' "API token is invalid\."\)\. The token in the secret mapped to `secrets\.token`/);
    notion.take();
  });
});
