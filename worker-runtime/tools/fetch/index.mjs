// The `fetch` pack: HTTP GET of a URL on an allowed host → markdown (HTML) or text. No credentials, cookies or
// client headers are sent; redirects are followed by hand, only within `allowedHosts` (at most 5); the body is
// read at most `maxBytes` while it streams; the text is windowed by `start_index`/`max_length`.
// Shared behaviour (deadline, bounded reads, failure messages, allow-lists) comes from the runtime through ctx.

import meta from "./tool.json" with { type: "json" };
import { htmlToMarkdown } from "./html-to-markdown.mjs";

const USER_AGENT = "McpSaas-fetch/0.1 (+https://mcpsaas.dev; MCP fetch tool)";
const ACCEPT = "text/html,application/xhtml+xml,text/markdown;q=0.9,text/plain;q=0.9,application/json;q=0.8,*/*;q=0.5";
const HTML = /^(text\/html|application\/xhtml\+xml)\b/;
const TEXTUAL = /^(text\/[\w.+-]+|application\/(json|xml|javascript|ecmascript|x-javascript|x-ndjson|ld\+json|yaml|x-yaml|toml|rss\+xml|atom\+xml|[\w.-]+\+(json|xml)))\b/;

/** Looks like text when the server named no type: no NUL byte in the first 4 KiB. */
function looksTextual(bytes) {
  const head = bytes.subarray(0, 4096);
  return !head.includes(0);
}

async function fetchTool(args, ctx) {
  const maxLength = args.max_length ?? 5000;
  const startIndex = args.start_index ?? 0;
  let url;
  try {
    url = new URL(args.url);
  } catch {
    throw ctx.fail(`'${args.url}' is not a valid URL.`, "bad_request");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw ctx.fail(`Only http and https URLs can be fetched, not ${url.protocol}`, "bad_request");
  if (url.username || url.password) throw ctx.fail("URLs with a user name or password are refused: this tool never sends credentials.", "not_allowed");
  url.hash = "";
  // allowedHosts is required (the reconciler enforces it); without one this tool fetches nothing rather than anything.
  if (!Array.isArray(ctx.settings.allowedHosts) || ctx.settings.allowedHosts.length === 0) {
    throw ctx.fail("This fetch tool has no allowedHosts: it fetches only from the hosts listed in `with.allowedHosts` in mcp.yaml.", "not_allowed");
  }
  ctx.requireAllowed("allowedHosts", url, { what: "Host", match: "host" });

  const response = await ctx.upstream.request(url, {
    service: url.host,
    headers: { "user-agent": USER_AGENT, accept: ACCEPT },
    maxBytes: ctx.settings.maxBytes,
    overflow: "cut",
    redirect: (next, from) => {
      if (next.protocol !== "http:" && next.protocol !== "https:") return `${from.host} redirected to a ${next.protocol} URL; only http and https are followed.`;
      if (next.username || next.password) return `${from.host} redirected to a URL with credentials; not followed.`;
      if (!ctx.allowed("allowedHosts", next, "host")) {
        return `${from.host} redirected to ${next.href}, whose host '${next.host}' is not in the tool's allow-list \`with.allowedHosts\`; the redirect was not followed. Add the host in mcp.yaml to allow it.`;
      }
      return null;
    },
  });
  const finalUrl = response.url;
  if (!response.ok) {
    throw ctx.upstream.failure(response, {
      service: new URL(finalUrl).host,
      credentials: false,
      message: response.status >= 400 ? reasonText(response) : undefined,
      what: `page at ${finalUrl}`,
    });
  }

  const type = response.contentType.split(";")[0].trim();
  let content;
  let title = null;
  if (!args.raw && HTML.test(type)) {
    ({ title, markdown: content } = htmlToMarkdown(response.text(), finalUrl));
    if (!content) content = "(The page has no readable text content.)";
  } else if (TEXTUAL.test(type) || (type === "" && looksTextual(response.bytes)) || (args.raw && HTML.test(type))) {
    content = response.text();
  } else {
    throw ctx.fail(`${finalUrl} is ${type || "binary content"} (${response.size.toLocaleString("en-US")} bytes), not text: this tool returns only text and HTML pages.`, "unsupported_content");
  }

  const total = content.length;
  if (startIndex >= total && total > 0) {
    throw ctx.fail(`start_index ${startIndex} is past the end: the content of ${finalUrl} has ${total.toLocaleString("en-US")} characters.`, "bad_request");
  }
  // The window never exceeds what the runtime lets a result carry, so the next start_index stays exact.
  const window = Math.min(maxLength, ctx.resultLimit - 1000);
  const end = Math.min(total, startIndex + window);
  const lines = [];
  lines.push(`Contents of ${finalUrl}${finalUrl !== url.href ? ` (redirected from ${url.href})` : ""}:`);
  if (title) lines.push(`Title: ${title}`);
  lines.push("", content.slice(startIndex, end));
  const notes = [];
  if (end < total) notes.push(`Content cut: characters ${startIndex}–${end} of ${total} shown. Call fetch again with start_index=${end} to read on.`);
  if (response.truncated) notes.push(`The page is larger than maxBytes (${ctx.settings.maxBytes.toLocaleString("en-US")} bytes): only its first ${ctx.settings.maxBytes.toLocaleString("en-US")} bytes were read.`);
  if (notes.length > 0) lines.push("", ...notes.map((n) => `[${n}]`));
  return { content: [{ type: "text", text: lines.join("\n") }] };
}

/** A short reason from an error page: its <title> or first text line. */
function reasonText(response) {
  const text = response.text();
  if (HTML.test(response.contentType)) {
    const { title, markdown } = htmlToMarkdown(text.slice(0, 20_000));
    return title || markdown.split("\n").find((l) => l.trim()) || undefined;
  }
  return text.split("\n").find((l) => l.trim())?.slice(0, 200) || undefined;
}

export default { meta, tools: { fetch: fetchTool } };
