// A stub of the Notion API (https://api.notion.com/v1) answering like Notion: errors as
// {object:"error", status, code, message} (401 unauthorized, 400 missing_version / validation_error, 404
// object_not_found for what is not shared with the integration, 429 rate_limited), lists as
// {object:"list", results, next_cursor, has_more}, blocks paginated by page_size, nested children by has_children.

import { startStub } from "../stub-server.mjs";

export const NOTION_VERSION = "2022-06-28";
const uuid = (n) => `${n.toString(16).padStart(8, "0")}-0000-4000-8000-${n.toString(16).padStart(12, "0")}`;
export const IDS = { handbook: uuid(1), longPage: uuid(2), tasks: uuid(3), unshared: uuid(4), task1: uuid(5), task2: uuid(6), newPage: uuid(100) };

const text = (content, annotations = {}, link = null) => ({
  type: "text",
  text: { content, link: link ? { url: link } : null },
  annotations: { bold: false, italic: false, strikethrough: false, underline: false, code: false, color: "default", ...annotations },
  plain_text: content,
  href: link,
});
const user = { object: "user", id: uuid(900) };

function block(id, type, data = {}, hasChildren = false) {
  return { object: "block", id, parent: { type: "page_id", page_id: IDS.handbook }, created_time: "2026-11-01T10:00:00.000Z", last_edited_time: "2026-11-01T10:00:00.000Z", created_by: user, last_edited_by: user, has_children: hasChildren, archived: false, in_trash: false, type, [type]: data };
}

function page(id, title, parent, extraProps = {}) {
  return {
    object: "page",
    id,
    created_time: "2026-11-01T10:00:00.000Z",
    last_edited_time: "2026-11-02T10:00:00.000Z",
    created_by: user,
    last_edited_by: user,
    cover: null,
    icon: null,
    parent,
    archived: false,
    in_trash: false,
    properties: { ...extraProps, ...(parent.type === "database_id" ? {} : { title: { id: "title", type: "title", title: [text(title)] } }) },
    url: `https://www.notion.so/${title.replace(/\W+/g, "-")}-${id.replace(/-/g, "")}`,
    public_url: null,
  };
}

function taskRow(id, name, status, tags, due, done) {
  return page(id, name, { type: "database_id", database_id: IDS.tasks }, {
    Name: { id: "title", type: "title", title: [text(name)] },
    Status: { id: "s1", type: "select", select: { id: "o1", name: status, color: "green" } },
    Tags: { id: "t1", type: "multi_select", multi_select: tags.map((t, i) => ({ id: `m${i}`, name: t, color: "blue" })) },
    Due: { id: "d1", type: "date", date: { start: due, end: null, time_zone: null } },
    Owner: { id: "p1", type: "people", people: [{ object: "user", id: uuid(901), name: "Alice Archer" }] },
    Estimate: { id: "n1", type: "number", number: 3 },
    Done: { id: "c1", type: "checkbox", checkbox: done },
  });
}

/** tokens: { [token]: true }. */
export async function startNotionStub({ tokens }) {
  const b = (n) => uuid(0x1000 + n);
  const handbookBlocks = [
    block(b(1), "heading_1", { rich_text: [text("Welcome")], is_toggleable: false, color: "default" }),
    block(b(2), "paragraph", { rich_text: [text("Read the "), text("rules", { bold: true }), text(" and the "), text("wiki", {}, "https://wiki.example.com/")], color: "default" }),
    block(b(3), "bulleted_list_item", { rich_text: [text("First")], color: "default" }, true),
    block(b(4), "bulleted_list_item", { rich_text: [text("Second")], color: "default" }),
    block(b(5), "to_do", { rich_text: [text("Sign the form")], checked: true, color: "default" }),
    block(b(6), "code", { rich_text: [text("npm ci")], language: "shell", caption: [] }),
    block(b(7), "table", { table_width: 2, has_column_header: true, has_row_header: false }, true),
    block(b(8), "child_page", { title: "Onboarding" }),
    block(b(9), "divider", {}),
  ];
  const children = {
    [IDS.handbook]: handbookBlocks,
    [b(3)]: [block(b(31), "bulleted_list_item", { rich_text: [text("Nested", { italic: true })], color: "default" })],
    [b(7)]: [block(b(71), "table_row", { cells: [[text("Name")], [text("Role")]] }), block(b(72), "table_row", { cells: [[text("Alice")], [text("Lead")]] })],
    [IDS.longPage]: Array.from({ length: 105 }, (_, i) => block(uuid(0x2000 + i), "paragraph", { rich_text: [text(`Line ${i + 1}`)], color: "default" })),
  };
  const state = {
    pages: {
      [IDS.handbook]: page(IDS.handbook, "Team Handbook", { type: "workspace", workspace: true }),
      [IDS.longPage]: page(IDS.longPage, "Long Notes", { type: "page_id", page_id: IDS.handbook }),
      [IDS.task1]: taskRow(IDS.task1, "Ship v1", "In progress", ["release"], "2026-12-01", false),
      [IDS.task2]: taskRow(IDS.task2, "Write docs", "Todo", ["docs", "release"], "2026-12-05", true),
    },
    databases: {
      [IDS.tasks]: {
        object: "database",
        id: IDS.tasks,
        title: [text("Tasks")],
        description: [],
        parent: { type: "page_id", page_id: IDS.handbook },
        url: `https://www.notion.so/${IDS.tasks.replace(/-/g, "")}`,
        last_edited_time: "2026-11-02T10:00:00.000Z",
        properties: {
          Name: { id: "title", name: "Name", type: "title", title: {} },
          Status: { id: "s1", name: "Status", type: "select", select: { options: [] } },
          Tags: { id: "t1", name: "Tags", type: "multi_select", multi_select: { options: [] } },
          Due: { id: "d1", name: "Due", type: "date", date: {} },
          Owner: { id: "p1", name: "Owner", type: "people", people: {} },
          Estimate: { id: "n1", name: "Estimate", type: "number", number: { format: "number" } },
          Done: { id: "c1", name: "Done", type: "checkbox", checkbox: {} },
        },
        archived: false,
      },
    },
    children,
    created: [],
    appended: [],
  };
  const error = (status, code, message) => ({ object: "error", status, code, message, request_id: "00000000-0000-4000-8000-000000000001" });
  const paginate = (list, startCursor, pageSize) => {
    let start = 0;
    if (startCursor) {
      start = list.findIndex((x) => x.id === startCursor);
      if (start < 0) return null;
    }
    const results = list.slice(start, start + pageSize);
    const next = list[start + pageSize];
    return { object: "list", results, next_cursor: next ? next.id : null, has_more: Boolean(next) };
  };
  const validateRichText = (rich, where, reply) => {
    for (const [i, t] of (rich ?? []).entries()) {
      if ((t?.text?.content ?? "").length > 2000) {
        reply(400, error(400, "validation_error", `body failed validation: ${where}[${i}].text.content.length should be ≤ \`2000\`, instead was \`${t.text.content.length}\`.`));
        return false;
      }
    }
    return true;
  };
  const validateChildren = (list, reply) => {
    if (!Array.isArray(list)) return true;
    if (list.length > 100) {
      reply(400, error(400, "validation_error", `body failed validation: body.children.length should be ≤ \`100\`, instead was \`${list.length}\`.`));
      return false;
    }
    for (const [i, child] of list.entries()) if (!validateRichText(child?.[child.type]?.rich_text, `body.children[${i}].${child.type}.rich_text`, reply)) return false;
    return true;
  };

  const stub = await startStub("notion", (req, reply) => {
    const auth = req.headers.authorization;
    const token = /^Bearer (.+)$/.exec(auth ?? "")?.[1];
    if (!token || !tokens[token]) return reply(401, error(401, "unauthorized", "API token is invalid."));
    const version = req.headers["notion-version"];
    if (!version) return reply(400, error(400, "missing_version", "Notion-Version header failed validation: Notion-Version header should be defined, instead was `undefined`."));
    if (version !== NOTION_VERSION) stub.problems.push(`unexpected Notion-Version '${version}'`);
    if (req.body && req.headers["content-type"] !== "application/json") stub.problems.push(`${req.method} ${req.path}: content-type '${req.headers["content-type"]}'`);
    if (req.body && req.json === undefined) return reply(400, error(400, "invalid_json", "Error parsing JSON body."));
    if (!req.path.startsWith("/v1/")) return reply(400, error(400, "invalid_request_url", "Invalid request URL."));
    const path = req.path.slice(3);
    const body = req.json ?? {};
    const notFound = (kind, id) => reply(404, error(404, "object_not_found", `Could not find ${kind} with ID: ${id}. Make sure the relevant pages and databases are shared with your integration.`));
    let m;

    if (req.method === "POST" && path === "/search") {
      const pageSize = body.page_size ?? 100;
      if (pageSize > 100) return reply(400, error(400, "validation_error", "body failed validation: body.page_size should be ≤ `100`."));
      const titleOf = (o) => (o.object === "database" ? o.title : Object.values(o.properties).find((p) => p.type === "title")?.title ?? []).map((t) => t.plain_text).join("");
      let list = [...Object.values(state.pages), ...Object.values(state.databases)];
      if (body.query) list = list.filter((o) => titleOf(o).toLowerCase().includes(body.query.toLowerCase()));
      if (body.filter) {
        if (body.filter.property !== "object" || !["page", "database"].includes(body.filter.value)) return reply(400, error(400, "validation_error", "body failed validation: body.filter.value should be `\"page\"` or `\"database\"`."));
        list = list.filter((o) => o.object === body.filter.value);
      }
      const result = paginate(list, body.start_cursor, pageSize);
      if (!result) return reply(400, error(400, "validation_error", "The start_cursor provided is invalid."));
      return reply(200, { ...result, type: "page_or_database", page_or_database: {}, request_id: "r" });
    }
    if (req.method === "GET" && (m = /^\/pages\/([0-9a-f-]{36})$/.exec(path))) {
      const p = state.pages[m[1]];
      return p ? reply(200, p) : notFound("page", m[1]);
    }
    if ((m = /^\/blocks\/([0-9a-f-]{36})\/children$/.exec(path))) {
      const id = m[1];
      const known = state.children[id] ?? (state.pages[id] ? [] : null);
      if (!known) return notFound("block", id);
      if (req.method === "GET") {
        const pageSize = Number.parseInt(req.query.page_size ?? "100", 10);
        if (pageSize > 100) return reply(400, error(400, "validation_error", "page_size should be ≤ `100`."));
        const result = paginate(known, req.query.start_cursor, pageSize);
        if (!result) return reply(400, error(400, "validation_error", "The start_cursor provided is invalid."));
        return reply(200, { ...result, type: "block", block: {}, request_id: "r" });
      }
      if (req.method === "PATCH") {
        if (!validateChildren(body.children, reply)) return;
        state.appended.push({ id, children: body.children });
        known.push(...body.children.map((c, i) => ({ ...c, id: uuid(0x3000 + known.length + i) })));
        state.children[id] = known;
        return reply(200, { object: "list", results: body.children, next_cursor: null, has_more: false, type: "block", block: {} });
      }
    }
    if (req.method === "GET" && (m = /^\/databases\/([0-9a-f-]{36})$/.exec(path))) {
      const d = state.databases[m[1]];
      return d ? reply(200, d) : notFound("database", m[1]);
    }
    if (req.method === "POST" && (m = /^\/databases\/([0-9a-f-]{36})\/query$/.exec(path))) {
      if (!state.databases[m[1]]) return notFound("database", m[1]);
      let rows = Object.values(state.pages).filter((p) => p.parent.database_id === m[1]);
      if (body.filter) {
        if (body.filter.property === "Done" && body.filter.checkbox && "equals" in body.filter.checkbox) rows = rows.filter((r) => r.properties.Done.checkbox === body.filter.checkbox.equals);
        else if (!body.filter.property) return reply(400, error(400, "validation_error", "body failed validation: body.filter.property should be defined."));
      }
      const result = paginate(rows, body.start_cursor, body.page_size ?? 100);
      return reply(200, { ...result, type: "page_or_database", page_or_database: {} });
    }
    if (req.method === "POST" && path === "/pages") {
      const parent = body.parent ?? {};
      const parents = ["page_id", "database_id"].filter((k) => k in parent);
      if (parents.length !== 1) return reply(400, error(400, "validation_error", "body failed validation. Fix one: body.parent.page_id should be defined, instead was `undefined`. body.parent.database_id should be defined, instead was `undefined`."));
      if (parent.page_id) {
        if (!state.pages[parent.page_id]) return notFound("page", parent.page_id);
        const keys = Object.keys(body.properties ?? {});
        if (keys.length !== 1 || keys[0] !== "title") return reply(400, error(400, "validation_error", "Invalid property for parent page: only title is allowed."));
      } else {
        const d = state.databases[parent.database_id];
        if (!d) return notFound("database", parent.database_id);
        for (const key of Object.keys(body.properties ?? {})) if (!(key in d.properties)) return reply(400, error(400, "validation_error", `${key} is not a property that exists.`));
        const titleKey = Object.keys(d.properties).find((k) => d.properties[k].type === "title");
        if (!body.properties?.[titleKey]?.title) return reply(400, error(400, "validation_error", `Title is not provided`));
      }
      const titleProp = Object.values(body.properties ?? {}).find((p) => p.title);
      if (!validateRichText(titleProp?.title, "body.properties.title.title", reply)) return;
      if (!validateChildren(body.children, reply)) return;
      const created = page(IDS.newPage, titleProp.title.map((t) => t.text.content).join(""), parent.page_id ? { type: "page_id", page_id: parent.page_id } : { type: "database_id", database_id: parent.database_id });
      state.created.push({ body, page: created });
      state.pages[created.id] = created;
      state.children[created.id] = [...(body.children ?? [])];
      return reply(200, created);
    }
    return reply(400, error(400, "invalid_request_url", "Invalid request URL."));
  });
  stub.state = state;
  return stub;
}

export const notionHeaders = (token, { json = false } = {}) => ({
  accept: "application/json",
  authorization: `Bearer ${token}`,
  "notion-version": NOTION_VERSION,
  "user-agent": "McpSaas-notion/0.1",
  ...(json ? { "content-type": "application/json" } : {}),
});
