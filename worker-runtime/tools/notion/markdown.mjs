// Notion objects ↔ text: rich text and blocks → markdown, page properties → plain values, and plain text or
// simple markdown → blocks for a new page.

const RICH_TEXT_LIMIT = 2000; // characters per rich text object (Notion's limit)

export function richTextToPlain(richText) {
  return Array.isArray(richText) ? richText.map((t) => t?.plain_text ?? t?.text?.content ?? "").join("") : "";
}

export function richTextToMarkdown(richText) {
  if (!Array.isArray(richText)) return "";
  return richText
    .map((t) => {
      let text = t?.plain_text ?? t?.text?.content ?? "";
      if (text === "") return "";
      const a = t.annotations ?? {};
      if (t.type === "equation") return `$${t.equation?.expression ?? text}$`;
      const lead = text.slice(0, text.length - text.trimStart().length);
      const trail = text.slice(text.trimEnd().length);
      let core = text.trim();
      if (core === "") return text;
      if (a.code) core = `\`${core}\``;
      if (a.bold) core = `**${core}**`;
      if (a.italic) core = `*${core}*`;
      if (a.strikethrough) core = `~~${core}~~`;
      const href = t.href ?? t.text?.link?.url;
      if (href) core = `[${core}](${href})`;
      return `${lead}${core}${trail}`;
    })
    .join("");
}

/** A page's title: the plain text of its property of type "title". */
export function pageTitle(page) {
  for (const property of Object.values(page?.properties ?? {})) {
    if (property?.type === "title") return richTextToPlain(property.title);
  }
  return "";
}

const userName = (u) => u?.name ?? u?.id ?? null;

/** One property value as a plain JSON value. */
export function propertyValue(p) {
  if (!p || typeof p !== "object") return null;
  switch (p.type) {
    case "title":
    case "rich_text":
      return richTextToPlain(p[p.type]);
    case "number":
    case "checkbox":
    case "url":
    case "email":
    case "phone_number":
    case "created_time":
    case "last_edited_time":
      return p[p.type] ?? null;
    case "select":
    case "status":
      return p[p.type]?.name ?? null;
    case "multi_select":
      return (p.multi_select ?? []).map((o) => o.name);
    case "date":
      return p.date ? (p.date.end ? { start: p.date.start, end: p.date.end } : p.date.start) : null;
    case "people":
      return (p.people ?? []).map(userName);
    case "created_by":
    case "last_edited_by":
      return userName(p[p.type]);
    case "files":
      return (p.files ?? []).map((f) => f.name ?? f.file?.url ?? f.external?.url);
    case "relation":
      return (p.relation ?? []).map((r) => r.id);
    case "formula":
      return p.formula ? p.formula[p.formula.type] ?? null : null;
    case "rollup": {
      const r = p.rollup;
      if (!r) return null;
      if (r.type === "array") return (r.array ?? []).map(propertyValue);
      return r[r.type] ?? null;
    }
    case "unique_id":
      return p.unique_id ? `${p.unique_id.prefix ? `${p.unique_id.prefix}-` : ""}${p.unique_id.number}` : null;
    case "verification":
      return p.verification?.state ?? null;
    default:
      return p[p.type] ?? null;
  }
}

export function simplifyProperties(properties) {
  const out = {};
  for (const [name, p] of Object.entries(properties ?? {})) out[name] = propertyValue(p);
  return out;
}

const fileUrl = (f) => f?.file?.url ?? f?.external?.url ?? "";

function indent(text, pad) {
  return text
    .split("\n")
    .map((l) => (l ? pad + l : l))
    .join("\n");
}

/** Blocks (with `children` filled in where fetched) → markdown. */
export function renderBlocks(blocks, depth = 0) {
  const parts = [];
  let number = 0;
  for (const block of blocks ?? []) {
    const type = block?.type;
    const data = block?.[type] ?? {};
    const text = richTextToMarkdown(data.rich_text);
    const children = block.children?.length ? renderBlocks(block.children, depth + 1) : "";
    number = type === "numbered_list_item" ? number + 1 : 0;
    let out;
    switch (type) {
      case "paragraph":
        out = text;
        if (children) out += `\n\n${indent(children, "  ")}`;
        break;
      case "heading_1":
      case "heading_2":
      case "heading_3":
        out = `${"#".repeat(Number(type.slice(-1)))} ${text}`;
        if (children) out += `\n\n${children}`;
        break;
      case "bulleted_list_item":
      case "numbered_list_item":
      case "to_do": {
        const marker = type === "bulleted_list_item" ? "- " : type === "numbered_list_item" ? `${number}. ` : `- [${data.checked ? "x" : " "}] `;
        out = marker + text;
        if (children) out += `\n${indent(children, " ".repeat(marker.length))}`;
        break;
      }
      case "toggle":
        out = `- ${text}`;
        if (children) out += `\n${indent(children, "  ")}`;
        break;
      case "quote":
      case "callout": {
        const icon = type === "callout" && data.icon?.emoji ? `${data.icon.emoji} ` : "";
        const body = [icon + text, children].filter(Boolean).join("\n\n");
        out = body
          .split("\n")
          .map((l) => (l ? `> ${l}` : ">"))
          .join("\n");
        break;
      }
      case "code": {
        const code = richTextToPlain(data.rich_text);
        const fence = code.includes("```") ? "````" : "```";
        out = `${fence}${data.language && data.language !== "plain text" ? data.language : ""}\n${code}\n${fence}`;
        break;
      }
      case "divider":
        out = "---";
        break;
      case "equation":
        out = `$$\n${data.expression ?? ""}\n$$`;
        break;
      case "child_page":
        out = `[Page: ${data.title ?? "untitled"}] (id ${block.id})`;
        break;
      case "child_database":
        out = `[Database: ${data.title ?? "untitled"}] (id ${block.id})`;
        break;
      case "image":
      case "video":
      case "file":
      case "pdf":
      case "audio": {
        const caption = richTextToPlain(data.caption) || data.name || type;
        out = type === "image" ? `![${caption}](${fileUrl(data)})` : `[${caption}](${fileUrl(data)})`;
        break;
      }
      case "bookmark":
      case "embed":
      case "link_preview": {
        const caption = richTextToPlain(data.caption);
        out = `[${caption || data.url}](${data.url})`;
        break;
      }
      case "link_to_page":
        out = `[Link to ${data.type === "database_id" ? "database" : "page"} ${data[data.type] ?? ""}]`;
        break;
      case "table": {
        const rows = (block.children ?? []).filter((r) => r.type === "table_row").map((r) => (r.table_row?.cells ?? []).map((c) => richTextToMarkdown(c).replace(/\|/g, "\\|").replace(/\n/g, " ")));
        if (rows.length === 0) {
          out = "";
          break;
        }
        const width = Math.max(...rows.map((r) => r.length));
        const line = (r) => `| ${[...r, ...Array(width - r.length).fill("")].join(" | ")} |`;
        out = [line(rows[0]), `| ${Array(width).fill("---").join(" | ")} |`, ...rows.slice(1).map(line)].join("\n");
        break;
      }
      case "table_row":
        out = `| ${(data.cells ?? []).map((c) => richTextToMarkdown(c)).join(" | ")} |`;
        break;
      case "column_list":
      case "column":
      case "synced_block":
        out = children;
        break;
      case "table_of_contents":
      case "breadcrumb":
        out = "";
        break;
      default:
        out = text || (type ? `[${type} block]` : "");
        if (children) out += `\n\n${children}`;
    }
    if (out) parts.push({ type, out });
  }
  // List items of one list sit on consecutive lines; everything else is separated by a blank line.
  const listy = new Set(["bulleted_list_item", "numbered_list_item", "to_do", "toggle"]);
  let markdown = "";
  parts.forEach((part, i) => {
    if (i > 0) markdown += listy.has(part.type) && listy.has(parts[i - 1].type) ? "\n" : "\n\n";
    markdown += part.out;
  });
  return markdown;
}

/** Text → Notion rich text objects of at most 2,000 characters each. */
export function richText(text) {
  const chunks = [];
  for (let i = 0; i < text.length; i += RICH_TEXT_LIMIT) chunks.push({ type: "text", text: { content: text.slice(i, i + RICH_TEXT_LIMIT) } });
  return chunks;
}

// The code languages Notion accepts (others are refused with validation_error), and common short names.
const LANGUAGES = new Set(
  ("abap arduino bash basic c clojure coffeescript c++ c# css dart diff docker elixir elm erlang flow fortran f# gherkin glsl go " +
    "graphql groovy haskell html java javascript json julia kotlin latex less lisp livescript lua makefile markdown markup matlab " +
    "mermaid nix objective-c ocaml pascal perl php powershell prolog protobuf python r reason ruby rust sass scala scheme scss " +
    "shell sql swift typescript vb.net verilog vhdl webassembly xml yaml").split(" "),
);
const LANGUAGE_ALIASES = { js: "javascript", mjs: "javascript", ts: "typescript", sh: "shell", zsh: "shell", py: "python", rb: "ruby", rs: "rust", yml: "yaml", cs: "c#", cpp: "c++", md: "markdown", dockerfile: "docker", kt: "kotlin", ps1: "powershell" };

export function notionLanguage(name) {
  const key = String(name ?? "").toLowerCase();
  const language = LANGUAGE_ALIASES[key] ?? key;
  return LANGUAGES.has(language) ? language : "plain text";
}

const block = (type, text, extra = {}) => ({ object: "block", type, [type]: { rich_text: richText(text), ...extra } });

/**
 * Plain text or simple markdown → blocks: paragraphs separated by blank lines; '# ', '## ', '### ' headings;
 * '- ' / '* ' bullets; '1. ' numbered items; '- [ ] ' / '- [x] ' to-dos; '> ' quotes; ``` fenced code; '---' dividers.
 */
export function blocksFromText(text) {
  const blocks = [];
  const lines = String(text).replace(/\r\n?/g, "\n").split("\n");
  let paragraph = [];
  const flush = () => {
    if (paragraph.length > 0) blocks.push(block("paragraph", paragraph.join("\n")));
    paragraph = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    let m;
    if ((m = /^```([\w+#.-]*)$/.exec(line.trim()))) {
      flush();
      const code = [];
      for (i++; i < lines.length && lines[i].trim() !== "```"; i++) code.push(lines[i]);
      blocks.push(block("code", code.join("\n"), { language: notionLanguage(m[1]) }));
    } else if (line.trim() === "") {
      flush();
    } else if ((m = /^(#{1,3}) +(.*)$/.exec(line))) {
      flush();
      blocks.push(block(`heading_${m[1].length}`, m[2].trim()));
    } else if ((m = /^\s*[-*] \[( |x|X)\] +(.*)$/.exec(line))) {
      flush();
      blocks.push(block("to_do", m[2], { checked: m[1] !== " " }));
    } else if ((m = /^\s*[-*] +(.*)$/.exec(line))) {
      flush();
      blocks.push(block("bulleted_list_item", m[1]));
    } else if ((m = /^\s*\d+[.)] +(.*)$/.exec(line))) {
      flush();
      blocks.push(block("numbered_list_item", m[1]));
    } else if ((m = /^> ?(.*)$/.exec(line))) {
      flush();
      blocks.push(block("quote", m[1]));
    } else if (/^(-{3,}|\*{3,})\s*$/.test(line)) {
      flush();
      blocks.push({ object: "block", type: "divider", divider: {} });
    } else {
      paragraph.push(line);
    }
  }
  flush();
  return blocks;
}
