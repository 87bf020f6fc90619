// The `notion` pack (premium): the Notion API at `apiBaseUrl` with Notion-Version: 2022-06-28 and the
// integration token as Authorization: Bearer. Pages are read as their properties plus their blocks rendered as
// markdown; lists carry Notion's has_more/next_cursor; new pages get their content as blocks.

import meta from "./tool.json" with { type: "json" };
import { blocksFromText, pageTitle, renderBlocks, richTextToPlain, simplifyProperties } from "./markdown.mjs";

const NOTION_VERSION = "2022-06-28";
const USER_AGENT = "McpSaas-notion/0.1";
const CHILDREN_PAGE = 100; // Notion's page size maximum, and its limit of blocks per append
const PAGE_REQUEST_BUDGET = 25; // upstream requests notion_get_page may make (nested blocks, pagination)
const MAX_DEPTH = 3;

const base = (ctx) => String(ctx.settings.apiBaseUrl).replace(/\/+$/, "");

// Notion error codes → advice replacing the shared message's default.
const ADVICE = {
  object_not_found: "Share the page or database with the integration (••• → Connections → add it), then retry.",
  restricted_resource: "Give the integration the capability it needs (read content, insert content) in its settings, and share the page with it.",
  validation_error: undefined,
  conflict_error: "Another change happened at the same time: retry.",
};

/** A Notion id (32 hex, with or without dashes, or a page URL ending in one) in its dashed form. */
export function notionId(value) {
  let text = String(value).trim();
  try {
    if (/^https?:\/\//i.test(text)) {
      const url = new URL(text);
      text = url.searchParams.get("p") ?? url.pathname.split("/").filter(Boolean).pop() ?? "";
    }
  } catch {
    // not a URL: use as given
  }
  const hex = /([0-9a-f]{32})$/i.exec(text.replace(/-/g, ""))?.[1];
  if (!hex) return null;
  const h = hex.toLowerCase();
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

function requireId(ctx, value, what) {
  const id = notionId(value);
  if (!id) throw ctx.fail(`'${value}' is not a Notion ${what} id: use the 32-character id (with or without dashes) or the page's URL.`, "bad_request");
  return id;
}

async function notion(ctx, method, path, { query, body, about } = {}) {
  const token = ctx.secret("token");
  const url = new URL(`${base(ctx)}${path}`);
  for (const [key, value] of Object.entries(query ?? {})) if (value !== undefined && value !== null && value !== "") url.searchParams.set(key, String(value));
  const headers = { authorization: `Bearer ${token}`, "notion-version": NOTION_VERSION, accept: "application/json", "user-agent": USER_AGENT };
  const response = await ctx.upstream.request(url, { method, headers, json: body });
  const data = response.json();
  if (!response.ok) {
    const code = typeof data?.code === "string" ? data.code : undefined;
    throw ctx.upstream.failure(response, { code, message: typeof data?.message === "string" ? data.message : undefined, advice: ADVICE[code], what: about });
  }
  if (!data || typeof data !== "object") throw ctx.upstream.failure(response, { kind: "bad_response", message: `${method} ${path} did not answer JSON` });
  return data;
}

const json = (value) => ({ content: [{ type: "text", text: JSON.stringify(value) }] });

/** { type, id } of a parent; the workspace has no id. */
function parentOf(object) {
  const type = object?.parent?.type;
  if (!type) return undefined;
  const id = object.parent[type];
  return typeof id === "string" ? { type, id } : { type };
}

function searchItem(item) {
  return {
    object: item.object,
    id: item.id,
    title: item.object === "database" ? richTextToPlain(item.title) : pageTitle(item),
    url: item.url,
    parent: parentOf(item),
    last_edited_time: item.last_edited_time,
    archived: item.archived || undefined,
  };
}

/** Children of a block, all pages, depth-first for blocks that have children; bounded by a request budget. */
async function fetchTree(ctx, blockId, budget, depth = 0) {
  const blocks = [];
  let cursor;
  do {
    if (budget.left <= 0) {
      budget.cut = true;
      return blocks;
    }
    budget.left--;
    const page = await notion(ctx, "GET", `/blocks/${blockId}/children`, { query: { page_size: CHILDREN_PAGE, start_cursor: cursor }, about: `block ${blockId}` });
    for (const block of page.results ?? []) blocks.push(block);
    cursor = page.has_more ? page.next_cursor : null;
  } while (cursor);
  for (const block of blocks) {
    if (!block.has_children || block.type === "child_page" || block.type === "child_database") continue;
    if (depth + 1 >= MAX_DEPTH) {
      budget.cut = true;
      continue;
    }
    block.children = await fetchTree(ctx, block.id, budget, depth + 1);
  }
  return blocks;
}

const tools = {
  async notion_search(args, ctx) {
    const body = { page_size: args.page_size ?? 20 };
    if (args.query) body.query = args.query;
    if (args.filter) body.filter = { property: "object", value: args.filter };
    if (args.start_cursor) body.start_cursor = args.start_cursor;
    const data = await notion(ctx, "POST", "/search", { body });
    return json({ results: (data.results ?? []).map(searchItem), has_more: data.has_more === true, next_cursor: data.next_cursor ?? null });
  },

  async notion_get_page(args, ctx) {
    const id = requireId(ctx, args.page_id, "page");
    const page = await notion(ctx, "GET", `/pages/${id}`, { about: `page ${id}` });
    const budget = { left: PAGE_REQUEST_BUDGET - 1, cut: false };
    const blocks = await fetchTree(ctx, id, budget);
    let markdown = renderBlocks(blocks);
    if (budget.cut) markdown += `\n\n[Content cut: this page has more nested or paginated blocks than one call reads (${PAGE_REQUEST_BUDGET} requests, ${MAX_DEPTH} levels).]`;
    const info = {
      id: page.id,
      url: page.url,
      title: pageTitle(page),
      parent: parentOf(page),
      created_time: page.created_time,
      last_edited_time: page.last_edited_time,
      archived: page.archived || undefined,
      properties: simplifyProperties(page.properties),
    };
    return { content: [{ type: "text", text: JSON.stringify(info) }, { type: "text", text: markdown || "(The page has no content blocks.)" }] };
  },

  async notion_query_database(args, ctx) {
    const id = requireId(ctx, args.database_id, "database");
    const body = { page_size: args.page_size ?? 20 };
    if (args.filter) body.filter = args.filter;
    if (args.sorts) body.sorts = args.sorts;
    if (args.start_cursor) body.start_cursor = args.start_cursor;
    const data = await notion(ctx, "POST", `/databases/${id}/query`, { body, about: `database ${id}` });
    const results = (data.results ?? []).map((row) => ({ id: row.id, url: row.url, properties: simplifyProperties(row.properties) }));
    return json({ results, has_more: data.has_more === true, next_cursor: data.next_cursor ?? null });
  },

  async notion_create_page(args, ctx) {
    const title = [{ type: "text", text: { content: args.title.slice(0, 2000) } }];
    let parent;
    let properties;
    if (args.parent_database_id) {
      const databaseId = requireId(ctx, args.parent_database_id, "database");
      // A row's title lives in the database's title property, whatever it is called.
      const database = await notion(ctx, "GET", `/databases/${databaseId}`, { about: `database ${databaseId}` });
      const titleName = Object.entries(database.properties ?? {}).find(([, p]) => p?.type === "title")?.[0];
      if (!titleName) throw ctx.fail(`Database ${databaseId} has no title property.`, "bad_request");
      parent = { database_id: databaseId };
      properties = { ...(args.properties ?? {}), [titleName]: { title } };
    } else {
      if (args.properties && Object.keys(args.properties).length > 0) {
        throw ctx.fail("`properties` apply to database rows only: a page under a page has just a title. Use parent_database_id, or leave properties out.", "bad_request");
      }
      parent = { page_id: requireId(ctx, args.parent_page_id, "page") };
      properties = { title: { title } };
    }
    const blocks = blocksFromText(args.content ?? "");
    const body = { parent, properties };
    if (blocks.length > 0) body.children = blocks.slice(0, CHILDREN_PAGE);
    const page = await notion(ctx, "POST", "/pages", { body, about: parent.database_id ? `database ${parent.database_id}` : `page ${parent.page_id}` });
    // Notion takes at most 100 blocks per request: append the rest in order.
    for (let offset = CHILDREN_PAGE; offset < blocks.length; offset += CHILDREN_PAGE) {
      await notion(ctx, "PATCH", `/blocks/${page.id}/children`, { body: { children: blocks.slice(offset, offset + CHILDREN_PAGE) }, about: `page ${page.id}` });
    }
    return json({ created: true, id: page.id, url: page.url, title: args.title, blocks: blocks.length });
  },
};

export default { meta, tools };
