// A small HTML → markdown converter for readable page text: headings, paragraphs, links, lists, code,
// quotes, tables and emphasis; script, style, nav and other non-content elements are dropped. When the page
// has a <main> (or role="main") only that is converted. Tolerant of tag soup (unclosed <p>/<li>/<td>, stray
// end tags); not a full HTML5 parser.

const VOID = new Set(["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"]);
const RAW_TEXT = new Set(["script", "style", "textarea", "title", "xmp", "noscript", "template", "iframe", "noembed", "noframes", "plaintext"]);
const DROPPED = new Set(["script", "style", "noscript", "template", "nav", "svg", "math", "iframe", "object", "embed", "canvas", "head", "button", "select", "input", "textarea", "form", "dialog", "noembed", "noframes"]);
const BLOCK = new Set([
  "address", "article", "aside", "blockquote", "body", "center", "dd", "details", "dialog", "dir", "div", "dl", "dt", "fieldset",
  "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "html", "legend", "li", "main",
  "menu", "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul", "caption",
]);
// Opening one of these closes an open <p> (HTML's implied end tags, simplified).
const CLOSES_P = new Set([
  "address", "article", "aside", "blockquote", "details", "div", "dl", "fieldset", "figcaption", "figure", "footer", "form", "h1",
  "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "main", "menu", "nav", "ol", "p", "pre", "section", "table", "ul",
]);
const IMPLIED = {
  li: { closes: ["li"], scope: ["ul", "ol", "menu"] },
  dt: { closes: ["dt", "dd"], scope: ["dl"] },
  dd: { closes: ["dt", "dd"], scope: ["dl"] },
  tr: { closes: ["tr", "td", "th"], scope: ["table", "thead", "tbody", "tfoot"] },
  td: { closes: ["td", "th"], scope: ["tr", "table"] },
  th: { closes: ["td", "th"], scope: ["tr", "table"] },
  option: { closes: ["option"], scope: ["select"] },
  thead: { closes: ["tbody", "tfoot", "thead"], scope: ["table"] },
  tbody: { closes: ["tbody", "thead", "tfoot"], scope: ["table"] },
  tfoot: { closes: ["tbody", "thead"], scope: ["table"] },
};

const NAMED = {
  amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0", copy: "©", reg: "®", trade: "™", hellip: "…", mdash: "—",
  ndash: "–", lsquo: "‘", rsquo: "’", ldquo: "“", rdquo: "”", sbquo: "‚", bdquo: "„", laquo: "«", raquo: "»", bull: "•",
  middot: "·", times: "×", divide: "÷", euro: "€", pound: "£", yen: "¥", cent: "¢", deg: "°", para: "¶", sect: "§",
  shy: "\u00ad", zwj: "\u200d", zwnj: "\u200c", ensp: "\u2002", emsp: "\u2003", thinsp: "\u2009", larr: "←", rarr: "→",
  uarr: "↑", darr: "↓", harr: "↔", check: "✓", plusmn: "±", le: "≤", ge: "≥", ne: "≠", minus: "−", prime: "′", Prime: "″",
  auml: "ä", ouml: "ö", uuml: "ü", Auml: "Ä", Ouml: "Ö", Uuml: "Ü", szlig: "ß", eacute: "é", egrave: "è", ecirc: "ê",
  aacute: "á", agrave: "à", acirc: "â", iacute: "í", oacute: "ó", uacute: "ú", ntilde: "ñ", ccedil: "ç", Eacute: "É",
};

export function decodeEntities(text) {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z][a-z0-9]*);?/gi, (whole, name) => {
    if (name[0] === "#") {
      const code = name[1] === "x" || name[1] === "X" ? Number.parseInt(name.slice(2), 16) : Number.parseInt(name.slice(1), 10);
      if (!Number.isFinite(code) || code <= 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return "\ufffd";
      return String.fromCodePoint(code);
    }
    if (Object.prototype.hasOwnProperty.call(NAMED, name)) return NAMED[name];
    return whole;
  });
}

const NAME = /[a-zA-Z][a-zA-Z0-9:-]*/y;
const ATTR = /([^\s"'>\/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;
const MAX_DEPTH = 400; // deeper elements are flattened into their ancestor (no recursion limits hit while rendering)

/**
 * Scans one tag starting at html[i] === "<" without backtracking (every character is read once): the name, then
 * attributes up to the first ">" outside a quoted value; a quote opens a value only after "=", as in HTML.
 * Returns { closing, tag, attrs (raw text), selfClosing, end } or null when "<" does not start a tag (it is text).
 * A tag left open at the end of the document swallows the rest, as browsers do.
 */
function scanTag(html, i) {
  let j = i + 1;
  const closing = html[j] === "/";
  if (closing) j++;
  NAME.lastIndex = j;
  const m = NAME.exec(html);
  if (!m) return null;
  j = NAME.lastIndex;
  const attrsStart = j;
  const n = html.length;
  let afterEquals = false;
  while (j < n) {
    const c = html[j];
    if (c === ">") return { closing, tag: m[0].toLowerCase(), attrs: html.slice(attrsStart, j), end: j + 1 };
    if ((c === '"' || c === "'") && afterEquals) {
      const close = html.indexOf(c, j + 1);
      if (close < 0) break;
      j = close + 1;
      afterEquals = false;
      continue;
    }
    if (c === "=") afterEquals = true;
    else if (c !== " " && c !== "\t" && c !== "\n" && c !== "\r" && c !== "\f") afterEquals = false;
    j++;
  }
  return { closing, tag: m[0].toLowerCase(), attrs: html.slice(attrsStart), end: n };
}

function parseAttributes(text) {
  const attrs = {};
  for (const m of text.matchAll(ATTR)) {
    const name = m[1].toLowerCase();
    if (!(name in attrs)) attrs[name] = decodeEntities(m[2] ?? m[3] ?? m[4] ?? "");
  }
  return attrs;
}

/** Parses HTML into a light tree: { tag, attrs, children } elements and strings for text. */
export function parseHtml(html) {
  const root = { tag: "#root", attrs: {}, children: [] };
  const stack = [root];
  const top = () => stack[stack.length - 1];
  const closeTo = (index) => {
    stack.length = index;
  };
  const openIndex = (tag, scope = []) => {
    for (let i = stack.length - 1; i > 0; i--) {
      if (stack[i].tag === tag) return i;
      if (scope.includes(stack[i].tag)) return -1;
    }
    return -1;
  };
  let title = null;
  let i = 0;
  const n = html.length;
  while (i < n) {
    const lt = html.indexOf("<", i);
    const textEnd = lt < 0 ? n : lt;
    if (textEnd > i) top().children.push(decodeEntities(html.slice(i, textEnd)));
    if (lt < 0) break;
    i = lt;
    if (html.startsWith("<!--", i)) {
      const end = html.indexOf("-->", i + 4);
      i = end < 0 ? n : end + 3;
      continue;
    }
    if (html[i + 1] === "!" || html[i + 1] === "?") {
      const end = html.indexOf(">", i);
      i = end < 0 ? n : end + 1;
      continue;
    }
    const m = scanTag(html, i);
    if (!m) {
      top().children.push("<");
      i += 1;
      continue;
    }
    i = m.end;
    const { closing, tag } = m;
    if (closing) {
      const index = openIndex(tag);
      if (index > 0) closeTo(index);
      continue;
    }
    const attrs = parseAttributes(m.attrs.length > 8192 ? m.attrs.slice(0, 8192) : m.attrs);
    if (RAW_TEXT.has(tag)) {
      const endPattern = new RegExp(`</${tag}\\s*>`, "ig");
      endPattern.lastIndex = i;
      const end = endPattern.exec(html);
      const raw = html.slice(i, end ? end.index : n);
      i = end ? endPattern.lastIndex : n;
      if (tag === "title" && title === null) title = decodeEntities(raw).replace(/\s+/g, " ").trim();
      else if (tag === "textarea" || tag === "xmp" || tag === "plaintext") top().children.push({ tag: "pre", attrs: {}, children: [tag === "textarea" ? decodeEntities(raw) : raw] });
      continue;
    }
    if (CLOSES_P.has(tag)) {
      const p = openIndex("p", ["button", "table", "li", "td", "th", "blockquote", "div", "section", "article", "main"]);
      if (p > 0) closeTo(p);
    }
    const implied = IMPLIED[tag];
    if (implied) {
      for (let k = stack.length - 1; k > 0; k--) {
        if (implied.scope.includes(stack[k].tag)) break;
        if (implied.closes.includes(stack[k].tag)) {
          closeTo(k);
          break;
        }
      }
    }
    const element = { tag, attrs, children: [] };
    top().children.push(element);
    if (!VOID.has(tag) && !m.attrs.trimEnd().endsWith("/") && stack.length < MAX_DEPTH) stack.push(element);
  }
  return { root, title };
}

// Whitespace helpers without end-anchored regexes (those backtrack quadratically on long whitespace runs).
const leadingSpace = (text) => text.slice(0, text.length - text.trimStart().length);
const trailingSpace = (text) => text.slice(text.trimEnd().length);
/** Lines trimmed and joined by one space (table cells, definition lists). */
const oneLine = (text) =>
  text
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean)
    .join(" ");
/** Trailing spaces and tabs removed from every line. */
function trimLineEnds(text) {
  return text
    .split("\n")
    .map((line) => {
      let end = line.length;
      while (end > 0 && (line[end - 1] === " " || line[end - 1] === "\t")) end--;
      return end === line.length ? line : line.slice(0, end);
    })
    .join("\n");
}

function isHidden(node) {
  return "hidden" in node.attrs || node.attrs["aria-hidden"] === "true" || /display\s*:\s*none/i.test(node.attrs.style ?? "");
}

function findMain(node) {
  for (const child of node.children) {
    if (typeof child === "string" || DROPPED.has(child.tag)) continue;
    if (child.tag === "main" || child.attrs.role === "main") return child;
    const found = findMain(child);
    if (found) return found;
  }
  return null;
}

function resolveUrl(href, base) {
  if (!href) return null;
  const trimmed = href.trim();
  if (/^(javascript|data|vbscript):/i.test(trimmed)) return null;
  try {
    return base ? new URL(trimmed, base).href : trimmed;
  } catch {
    return trimmed;
  }
}

function textContent(node) {
  if (typeof node === "string") return node;
  if (node.tag === "br") return "\n";
  return node.children.map(textContent).join("");
}

class Renderer {
  constructor(baseUrl) {
    this.baseUrl = baseUrl;
  }

  /** Inline rendering: whitespace collapsed, <br> as a newline. */
  inline(nodes) {
    let out = "";
    for (const node of nodes) out += this.inlineNode(node);
    return out;
  }

  inlineNode(node) {
    if (typeof node === "string") return node.replace(/[\s\u00a0]+/g, (ws) => (ws.includes("\u00a0") && ws.length === 1 ? "\u00a0" : " "));
    if (DROPPED.has(node.tag) || isHidden(node)) return "";
    const wrap = (mark) => {
      const inner = this.inline(node.children);
      const core = inner.trim();
      if (core === "") return inner;
      return `${leadingSpace(inner)}${mark}${core}${mark}${trailingSpace(inner)}`;
    };
    switch (node.tag) {
      case "br":
        return "\n";
      case "wbr":
        return "";
      case "img": {
        const alt = (node.attrs.alt ?? "").replace(/\s+/g, " ").trim();
        const src = resolveUrl(node.attrs.src, this.baseUrl);
        return alt && src ? `![${alt}](${src})` : alt;
      }
      case "a": {
        const inner = this.inline(node.children);
        const label = inner.replace(/\s+/g, " ").trim();
        const href = node.attrs.href?.trim().startsWith("#") ? null : resolveUrl(node.attrs.href, this.baseUrl);
        if (!label) return "";
        const lead = /^\s/.test(inner) ? " " : "";
        const trail = /\s$/.test(inner) ? " " : "";
        if (!href || href === label) return `${lead}${label}${trail}`;
        return `${lead}[${label.replace(/([\[\]])/g, "\\$1")}](${href.replace(/\s/g, "%20").replace(/\)/g, "%29")})${trail}`;
      }
      case "strong":
      case "b":
        return wrap("**");
      case "em":
      case "i":
      case "cite":
      case "dfn":
        return wrap("*");
      case "del":
      case "s":
      case "strike":
        return wrap("~~");
      case "code":
      case "kbd":
      case "samp":
      case "tt": {
        const code = textContent(node).replace(/\s+/g, " ");
        if (code.trim() === "") return code;
        const fence = code.includes("`") ? "``" : "`";
        return `${fence}${code}${fence}`;
      }
      case "sup":
        return `^${this.inline(node.children).trim()}`;
      default:
        // Inline flow of any other element (including block elements met inside inline content).
        return BLOCK.has(node.tag) ? ` ${this.inline(node.children)} ` : this.inline(node.children);
    }
  }

  /** Block rendering: a list of markdown blocks (joined by blank lines by the caller). */
  blocks(nodes) {
    const out = [];
    let run = [];
    const flush = () => {
      if (run.length === 0) return;
      const text = this.inline(run)
        .split("\n")
        .map((line) => line.replace(/[ \t]+/g, " ").trim())
        .join("\n")
        .replace(/\n{3,}/g, "\n\n")
        .trim();
      if (text) out.push(text);
      run = [];
    };
    for (const node of nodes) {
      if (typeof node !== "string" && (DROPPED.has(node.tag) || isHidden(node))) continue;
      if (typeof node !== "string" && BLOCK.has(node.tag)) {
        flush();
        out.push(...this.block(node));
      } else {
        run.push(node);
      }
    }
    flush();
    return out;
  }

  block(node) {
    const tag = node.tag;
    if (/^h[1-6]$/.test(tag)) {
      const text = this.inline(node.children).replace(/\s+/g, " ").trim();
      return text ? [`${"#".repeat(Number(tag[1]))} ${text}`] : [];
    }
    switch (tag) {
      case "hr":
        return ["---"];
      case "pre": {
        const codeChild = node.children.find((c) => typeof c !== "string" && c.tag === "code");
        const language = /(?:^|\s)(?:language|lang)-([\w+#.-]+)/.exec(codeChild?.attrs.class ?? node.attrs.class ?? "")?.[1] ?? "";
        const code = textContent(node).replace(/^\n/, "").trimEnd();
        const fence = code.includes("```") ? "````" : "```";
        return code ? [`${fence}${language}\n${code}\n${fence}`] : [];
      }
      case "blockquote": {
        const inner = this.blocks(node.children).join("\n\n");
        return inner ? [inner.split("\n").map((line) => (line ? `> ${line}` : ">")).join("\n")] : [];
      }
      case "ul":
      case "ol":
      case "menu":
      case "dir":
        return this.list(node);
      case "li":
        // An <li> outside a list: a bullet of its own.
        return this.list({ tag: "ul", attrs: {}, children: [node] });
      case "table":
        return this.table(node);
      case "dl":
        return this.definitionList(node);
      case "dt":
      case "dd":
        return this.definitionList({ tag: "dl", attrs: {}, children: [node] });
      case "p":
      case "summary":
      case "figcaption":
      case "caption":
      case "legend":
      default:
        return this.blocks(node.children);
    }
  }

  list(node) {
    const ordered = node.tag === "ol";
    let number = ordered ? Number.parseInt(node.attrs.start ?? "1", 10) || 1 : 0;
    const lines = [];
    for (const child of node.children) {
      if (typeof child === "string") {
        if (child.trim()) lines.push(`- ${child.replace(/\s+/g, " ").trim()}`);
        continue;
      }
      if (DROPPED.has(child.tag) || isHidden(child)) continue;
      const items = child.tag === "li" ? [child] : child.tag === "ul" || child.tag === "ol" ? null : [child];
      if (items === null) {
        // A list nested directly in a list (invalid, common): indent it under the previous item.
        lines.push(...this.list(child).join("\n").split("\n").map((l) => `  ${l}`));
        continue;
      }
      const marker = ordered ? `${number++}. ` : "- ";
      const body = this.blocks(child.tag === "li" ? child.children : [child]).join("\n");
      if (!body) continue;
      const pad = " ".repeat(marker.length);
      lines.push(body.split("\n").map((line, index) => (index === 0 ? marker + line : line ? pad + line : line)).join("\n"));
    }
    return lines.length > 0 ? [lines.join("\n")] : [];
  }

  table(node) {
    const rows = [];
    const collect = (n) => {
      for (const child of n.children) {
        if (typeof child === "string") continue;
        if (child.tag === "tr") rows.push(child);
        else if (["thead", "tbody", "tfoot"].includes(child.tag)) collect(child);
      }
    };
    collect(node);
    const cells = rows
      .map((row) =>
        row.children
          .filter((c) => typeof c !== "string" && (c.tag === "td" || c.tag === "th"))
          .map((c) => oneLine(this.blocks(c.children).join(" ")).replace(/\|/g, "\\|")),
      )
      .filter((r) => r.length > 0);
    const caption = node.children.find((c) => typeof c !== "string" && c.tag === "caption");
    const out = caption ? this.blocks(caption.children) : [];
    if (cells.length === 0) return out;
    const width = Math.max(...cells.map((r) => r.length));
    const line = (r) => `| ${[...r, ...Array(width - r.length).fill("")].join(" | ")} |`;
    const table = [line(cells[0]), `| ${Array(width).fill("---").join(" | ")} |`, ...cells.slice(1).map(line)];
    out.push(table.join("\n"));
    return out;
  }

  definitionList(node) {
    const lines = [];
    for (const child of node.children) {
      if (typeof child === "string") continue;
      const text = oneLine(this.blocks(child.children).join(" "));
      if (!text) continue;
      if (child.tag === "dt") lines.push(`**${text}**`);
      else if (child.tag === "dd") lines.push(`: ${text}`);
      else lines.push(text);
    }
    return lines.length > 0 ? [lines.join("\n")] : [];
  }
}

/**
 * HTML → { title, markdown }. baseUrl resolves relative links and images. Only <main> (or role="main") is
 * converted when the page has one; otherwise <body> (or everything).
 */
export function htmlToMarkdown(html, baseUrl) {
  const { root, title } = parseHtml(String(html));
  let base = baseUrl;
  const findBase = (node) => {
    for (const child of node.children) {
      if (typeof child === "string") continue;
      if (child.tag === "base" && child.attrs.href) return child.attrs.href;
      const found = findBase(child);
      if (found) return found;
    }
    return null;
  };
  const baseHref = findBase(root);
  if (baseHref) base = resolveUrl(baseHref, baseUrl) ?? baseUrl;
  const scope = findMain(root) ?? root;
  const rendered = new Renderer(base)
    .blocks(scope === root ? root.children : [scope])
    .join("\n\n")
    .replace(/\u00a0/g, " ");
  const markdown = trimLineEnds(rendered).replace(/\n{3,}/g, "\n\n").trim();
  return { title, markdown };
}
