// The fetch pack through the built Worker in real workerd, against stub web sites on loopback: two allowed
// hosts and one outside `allowedHosts` (which must never be reached). The stubs assert the exact requests (no
// credentials, no cookies, only the tool's own headers).
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { startStub } from "../helpers/stub-server.mjs";
import { assertNoSecretsLeaked, assertToolError, shapeOf, startToolServer, textOf } from "../helpers/tool-server.mjs";

const HEADERS = {
  "user-agent": "McpSaas-fetch/0.1 (+https://mcpsaas.dev; MCP fetch tool)",
  accept: "text/html,application/xhtml+xml,text/markdown;q=0.9,text/plain;q=0.9,application/json;q=0.8,*/*;q=0.5",
};
const MAX_BYTES = 64 * 1024;

const ARTICLE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Widgets &amp; Gadgets</title>
<style>body { font-family: sans-serif }</style><script>window.track("<p>not content</p>")</script></head>
<body>
<nav><a href="/">Home</a> <a href="/blog">Blog</a></nav>
<header><div class="logo">ACME</div></header>
<main>
<h1>Widgets &amp; Gadgets</h1>
<p>Widgets are <strong>small</strong> and <em>useful</em>. See the <a href="/docs/widgets?x=1">docs</a>.</p>
<h2>Install</h2>
<pre><code class="language-sh">npm install widgets
widgets --init</code></pre>
<ul><li>Fast</li><li>Small<ul><li>really small</li></ul></li></ul>
<script>alert(1)</script>
</main>
<footer>© 2026 ACME</footer>
</body></html>`;

const LONG = `<html><body>${Array.from({ length: 120 }, (_, i) => `<p>Paragraph ${String(i + 1).padStart(3, "0")} ${"lorem ipsum ".repeat(8).trim()}</p>`).join("\n")}</body></html>`;

let a;
let b;
let outside;
let server;

function site(name) {
  return startStub(name, (req, reply) => {
    const html = (status, body, headers = {}) => reply(status, body, { "content-type": "text/html; charset=utf-8", ...headers });
    switch (req.path) {
      case "/article.html":
        return html(200, ARTICLE);
      case "/long.html":
        return html(200, LONG);
      case "/plain.txt":
        return reply(200, "line one\nline two\n", { "content-type": "text/plain; charset=utf-8" });
      case "/data.json":
        return reply(200, { widgets: 3 });
      case "/latin1.txt":
        return reply(200, Buffer.from("caf\xe9", "latin1"), { "content-type": "text/plain; charset=iso-8859-1" });
      case "/image.png":
        return reply(200, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]), { "content-type": "image/png" });
      case "/to-b":
        return reply(302, "", { location: `${b.origin}/article.html` });
      case "/to-outside":
        return reply(301, "", { location: `${outside.origin}/article.html` });
      case "/loop":
        return reply(302, "", { location: "/loop" });
      case "/set-cookie":
        return reply(302, "", { location: "/echo", "set-cookie": "session=abc123; Path=/" });
      case "/echo":
        return reply(200, { headers: req.headers });
      case "/missing":
        return html(404, "<html><head><title>Page Not Found</title></head><body><h1>Oops</h1></body></html>");
      case "/private":
        return html(401, "<html><head><title>Login required</title></head></html>", { "www-authenticate": 'Basic realm="x"' });
      case "/busy":
        return html(429, "<title>Slow down</title>", { "retry-after": "12" });
      case "/broken":
        return html(503, "<title>Service Unavailable</title>");
      default:
        return html(404, "<title>Not Found</title>");
    }
  });
}

before(async () => {
  [a, b, outside] = await Promise.all([site("a"), site("b"), site("outside")]);
  server = await startToolServer({
    tools: [
      { use: "fetch", with: { allowedHosts: [`127.0.0.1:${a.port}`, `127.0.0.1:${b.port}`], maxBytes: MAX_BYTES } },
      { use: "fetch", as: "web", with: { allowedHosts: [`127.0.0.1:${a.port}`] } },
      { use: "fetch", as: "open" }, // no allowedHosts: never valid in a manifest; the tool must fail closed
    ],
    timeoutMs: 1000,
  });
});

after(async () => {
  try {
    assertNoSecretsLeaked(server, {});
    assert.deepEqual(outside.requests, [], "the host outside allowedHosts was never reached");
  } finally {
    await server?.stop();
    await Promise.all([a, b, outside].map((s) => s?.close()));
  }
});

const get = (path) => ({ method: "GET", path, query: {}, headers: HEADERS, body: null });

describe("fetch pack (workerd → stub web sites)", () => {
  it("an HTML page becomes markdown of its <main>: headings, paragraphs, links, code, lists; scripts, styles and nav dropped", async () => {
    const result = await server.call("fetch", { url: `${a.origin}/article.html` });
    assert.equal(
      textOf(result),
      [
        `Contents of ${a.origin}/article.html:`,
        "Title: Widgets & Gadgets",
        "",
        "# Widgets & Gadgets",
        "",
        `Widgets are **small** and *useful*. See the [docs](${a.origin}/docs/widgets?x=1).`,
        "",
        "## Install",
        "",
        "```sh\nnpm install widgets\nwidgets --init\n```",
        "",
        "- Fast\n- Small\n  - really small",
      ].join("\n"),
    );
    assert.deepEqual(shapeOf(a.take()), [get("/article.html")], "a plain GET with only the tool's headers: no credentials, no cookies");
  });

  it("text and JSON come back as they are; a declared charset is honoured; raw returns HTML as received", async () => {
    assert.equal(textOf(await server.call("fetch", { url: `${a.origin}/plain.txt` })), `Contents of ${a.origin}/plain.txt:\n\nline one\nline two\n`);
    assert.match(textOf(await server.call("fetch", { url: `${a.origin}/data.json` })), /\n\n\{"widgets":3\}$/);
    assert.match(textOf(await server.call("fetch", { url: `${a.origin}/latin1.txt` })), /\n\ncafé$/);
    const raw = textOf(await server.call("fetch", { url: `${a.origin}/article.html`, raw: true, max_length: 100000 }));
    assert.ok(raw.includes("<nav><a href=\"/\">Home</a>") && raw.includes("<script>alert(1)</script>"));
    a.take();
  });

  it("max_length / start_index window the text, with a note saying where to go on", async () => {
    const first = textOf(await server.call("fetch", { url: `${a.origin}/long.html`, max_length: 1000 }));
    const total = Number(/of (\d+) shown/.exec(first)[1]);
    assert.match(first, /\[Content cut: characters 0–1000 of \d+ shown\. Call fetch again with start_index=1000 to read on\.\]$/);
    assert.match(first, /^Contents of .*\n\nParagraph 001 lorem/);
    const second = textOf(await server.call("fetch", { url: `${a.origin}/long.html`, max_length: 1000, start_index: 1000 }));
    assert.match(second, /characters 1000–2000 of/);
    const last = textOf(await server.call("fetch", { url: `${a.origin}/long.html`, start_index: total - 10 }));
    assert.doesNotMatch(last, /Content cut/);
    assert.match(last, /\n\n.{10}$/, "the last 10 characters, without a note");
    assertToolError(await server.call("fetch", { url: `${a.origin}/long.html`, start_index: total + 5 }), new RegExp(`start_index ${total + 5} is past the end: the content of .* has ${total.toLocaleString("en-US")} characters`));
    a.take();
  });

  it("redirects within allowedHosts are followed (by hand, without cookies)", async () => {
    const moved = textOf(await server.call("fetch", { url: `${a.origin}/to-b` }));
    assert.match(moved, new RegExp(`^Contents of ${b.origin}/article.html \\(redirected from ${a.origin}/to-b\\):`));
    const echoed = JSON.parse(textOf(await server.call("fetch", { url: `${a.origin}/set-cookie` })).split("\n\n").slice(1).join("\n\n"));
    assert.deepEqual(echoed.headers, HEADERS, "the cookie the site set is not sent back");
    assert.deepEqual(shapeOf(a.take()), [get("/to-b"), get("/set-cookie"), get("/echo")]);
    assert.deepEqual(shapeOf(b.take()), [get("/article.html")]);
  });
});

describe("fetch pack: refusals and failures", () => {
  it("a host outside allowedHosts is refused before any request", async () => {
    assertToolError(await server.call("fetch", { url: `${outside.origin}/article.html` }), new RegExp(`Host '127\\.0\\.0\\.1:${outside.port}' is not allowed on this server: it is not in the tool's allow-list \`with\\.allowedHosts\``));
    assertToolError(await server.call("web_fetch", { url: `${b.origin}/article.html` }), /is not allowed on this server/);
    assertToolError(await server.call("fetch", { url: `http://user:pw@127.0.0.1:${a.port}/plain.txt` }), /URLs with a user name or password are refused/);
    assertToolError(await server.call("open_fetch", { url: `${a.origin}/plain.txt` }), /This fetch tool has no allowedHosts: it fetches only from the hosts listed in `with\.allowedHosts`/);
    assert.deepEqual([a.take(), b.take()], [[], []]);
  });

  it("a redirect to a host outside allowedHosts is not followed", async () => {
    assertToolError(await server.call("fetch", { url: `${a.origin}/to-outside` }), new RegExp(`127\\.0\\.0\\.1:${a.port} redirected to ${outside.origin}/article\\.html, whose host '127\\.0\\.0\\.1:${outside.port}' is not in the tool's allow-list \`with\\.allowedHosts\`; the redirect was not followed`));
    assertToolError(await server.call("web_fetch", { url: `${a.origin}/to-b` }), /whose host .* is not in the tool's allow-list/);
    assertToolError(await server.call("fetch", { url: `${a.origin}/loop` }), /redirected more than 5 times/);
    assert.equal(a.take().length, 1 + 1 + 6);
    assert.deepEqual(b.take(), []);
  });

  it("maxBytes is enforced while the body streams: an endless page is cut and the connection closed", async () => {
    const fault = { match: (r) => r.path === "/endless", stream: { chunk: `<p>${"chunk ".repeat(160)}</p>\n`, intervalMs: 1, contentType: "text/html" } };
    a.inject(fault);
    const started = Date.now();
    const text = textOf(await server.call("fetch", { url: `${a.origin}/endless`, max_length: 100 }));
    assert.match(text, /\[The page is larger than maxBytes \(65,536 bytes\): only its first 65,536 bytes were read\.\]/);
    assert.ok(Date.now() - started < 1000, "no waiting for the end of the body");
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(fault.closed, true, "the tool hung up");
    a.take();
  });

  it("HTTP failures: 404, 401 (no credentials are ever sent), 429 with Retry-After, 503", async () => {
    const host = `127.0.0.1:${a.port}`;
    assertToolError(await server.call("fetch", { url: `${a.origin}/missing` }), new RegExp(`^${host} found no page at ${a.origin}/missing \\(HTTP 404 "Page Not Found"\\)\\. Check the ids and names\\.$`));
    assertToolError(await server.call("fetch", { url: `${a.origin}/private` }), new RegExp(`^${host} requires credentials \\(HTTP 401 "Login required"\\)\\. This tool never sends any`));
    assertToolError(await server.call("fetch", { url: `${a.origin}/busy` }), new RegExp(`^${host} rate limit reached \\(HTTP 429 "Slow down"\\)\\. Retry after 12 s`));
    assertToolError(await server.call("fetch", { url: `${a.origin}/broken` }), new RegExp(`^${host} failed on its side \\(HTTP 503 "Service Unavailable"\\)\\. Retry in a moment`));
    a.take();
  });

  it("a site that does not answer in time: a timeout result, not a protocol error", async () => {
    a.inject({ match: (r) => r.path === "/slow", hang: true });
    assertToolError(await server.call("fetch", { url: `${a.origin}/slow` }), /^127\.0\.0\.1:\d+ did not answer within 1 s \(this tool's per-call timeout\)/);
    a.take();
  });

  it("binary content is refused with its type", async () => {
    assertToolError(await server.call("fetch", { url: `${a.origin}/image.png` }), /is image\/png \(8 bytes\), not text: this tool returns only text and HTML pages/);
    a.take();
  });
});
