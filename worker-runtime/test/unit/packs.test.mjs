// The packs' pure parts: HTML → markdown (fetch), Notion blocks ↔ text and ids, GitHub Link headers.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { decodeEntities, htmlToMarkdown } from "../../tools/fetch/html-to-markdown.mjs";
import { linkPages } from "../../tools/github/index.mjs";
import { notionId } from "../../tools/notion/index.mjs";
import { blocksFromText, notionLanguage, propertyValue, renderBlocks, richTextToMarkdown } from "../../tools/notion/markdown.mjs";

describe("fetch: HTML → markdown", () => {
  const md = (html, base = "https://example.com/a/") => htmlToMarkdown(html, base).markdown;

  it("headings, paragraphs, emphasis, code, links resolved against the page (and <base>)", () => {
    assert.equal(md("<h2>Title</h2><p>Some <b>bold</b>, <i>it</i>, <code>x()</code> and <a href='../b?q=1'>a link</a>.</p>"), "## Title\n\nSome **bold**, *it*, `x()` and [a link](https://example.com/b?q=1).");
    assert.equal(md("<base href='https://cdn.example.org/'><a href='x'>x</a>"), "[x](https://cdn.example.org/x)");
    assert.equal(md("<a href='javascript:alert(1)'>click</a> <a href='#top'>top</a>"), "click top");
  });

  it("drops script, style, nav, templates, forms and hidden elements; prefers <main>", () => {
    assert.equal(md("<nav>menu</nav><script>var a='<p>x</p>'</script><style>p{}</style><p>kept</p><div hidden>no</div><span aria-hidden='true'>no</span><form><input value='x'><button>Go</button></form>"), "kept");
    assert.equal(md("<body><header>brand</header><div role='main'><p>core</p></div><aside>ads</aside></body>"), "core");
  });

  it("tag soup: unclosed <p> and <li>, stray end tags, comments, entities", () => {
    assert.equal(md("<p>one<p>two</b><!-- <p>no</p> --><ul><li>a<li>b</ul>"), "one\n\ntwo\n\n- a\n- b");
    assert.equal(decodeEntities("&lt;a&gt; &amp;amp; &#65;&#x42; &hellip; &unknown; &#0;"), "<a> &amp; AB … &unknown; \ufffd");
  });

  it("nested and ordered lists, blockquotes, pre blocks with their language, tables, definition lists", () => {
    assert.equal(md("<ol start='3'><li>c<ol><li>c1</li></ol></li><li>d</li></ol>"), "3. c\n   1. c1\n4. d");
    assert.equal(md("<blockquote><p>q1</p><p>q2</p></blockquote>"), "> q1\n>\n> q2");
    assert.equal(md("<pre class='lang-py'>def f():\n    return 1</pre>"), "```py\ndef f():\n    return 1\n```");
    assert.equal(md("<table><thead><tr><th>A</th><th>B</th></tr></thead><tbody><tr><td>1</td><td>x|y</td></tr><tr><td>2</td></tr></tbody></table>"), "| A | B |\n| --- | --- |\n| 1 | x\\|y |\n| 2 |  |");
    assert.equal(md("<dl><dt>Term</dt><dd>Meaning</dd></dl>"), "**Term**\n: Meaning");
  });

  it("hostile markup costs linear time (no regex backtracking), deep nesting no stack overflow", () => {
    const inputs = {
      "unclosed quotes": '<a "'.repeat(250_000),
      "unclosed quoted values": '<a x="'.repeat(170_000),
      "unclosed tags": "<a ".repeat(330_000),
      "200,000 nested divs": "<div>".repeat(200_000) + "deep",
      "200,000 nested spans": "<span>".repeat(200_000) + "deep",
      "a million spaces in pre": `<pre>x${" ".repeat(1_000_000)}y</pre>`,
      "whitespace runs in inline markup": `<b>x${" \t".repeat(500_000)}y</b>`,
      "pre in a table cell": `<table><tr><td><pre>${" ".repeat(500_000)}x</pre></td></tr></table>`,
      "unclosed scripts": `<script>${"x".repeat(100)}`.repeat(10_000),
    };
    for (const [name, html] of Object.entries(inputs)) {
      const started = performance.now();
      htmlToMarkdown(html);
      assert.ok(performance.now() - started < 2000, `${name}: ${Math.round(performance.now() - started)} ms`);
    }
    assert.equal(htmlToMarkdown("<div>".repeat(200_000) + "deep").markdown, "deep");
    assert.equal(htmlToMarkdown('<p>before</p><a href="x>unterminated').markdown, "before", "an unterminated tag swallows the rest, as in browsers");
  });

  it("the page title; whitespace collapsed outside <pre>; <br> kept", () => {
    const { title, markdown } = htmlToMarkdown("<title> My   Page </title><p>a\n   b<br>c</p>");
    assert.equal(title, "My Page");
    assert.equal(markdown, "a b\nc");
  });
});

describe("notion: ids, rich text, properties, blocks", () => {
  it("ids with or without dashes, or in a page URL, in the dashed form", () => {
    const dashed = "0123abcd-0000-4000-8000-0123456789ab";
    assert.equal(notionId("0123abcd000040008000" + "0123456789AB"), dashed);
    assert.equal(notionId(dashed), dashed);
    assert.equal(notionId("https://www.notion.so/acme/My-Page-0123abcd0000400080000123456789ab?pvs=4"), dashed);
    assert.equal(notionId("https://www.notion.so/acme/db?p=0123abcd0000400080000123456789ab"), dashed);
    assert.equal(notionId("hello"), null);
  });

  it("rich text annotations and links → markdown; property values → plain", () => {
    const rt = [
      { plain_text: "bold ", annotations: { bold: true } },
      { plain_text: "code", annotations: { code: true } },
      { plain_text: " site", annotations: {}, href: "https://x.org" },
    ];
    assert.equal(richTextToMarkdown(rt), "**bold** `code` [site](https://x.org)");
    assert.deepEqual(propertyValue({ type: "formula", formula: { type: "number", number: 4 } }), 4);
    assert.deepEqual(propertyValue({ type: "date", date: { start: "2026-01-01", end: "2026-01-02" } }), { start: "2026-01-01", end: "2026-01-02" });
    assert.equal(propertyValue({ type: "unique_id", unique_id: { prefix: "TASK", number: 7 } }), "TASK-7");
    assert.deepEqual(propertyValue({ type: "rollup", rollup: { type: "array", array: [{ type: "number", number: 1 }] } }), [1]);
  });

  it("blocks → markdown: numbered lists count, quotes/callouts prefixed, unknown types named", () => {
    const rich = (t) => ({ rich_text: [{ plain_text: t }] });
    const blocks = [
      { type: "numbered_list_item", numbered_list_item: rich("one") },
      { type: "numbered_list_item", numbered_list_item: rich("two") },
      { type: "callout", callout: { ...rich("note"), icon: { emoji: "💡" } } },
      { type: "ai_block", ai_block: {} },
    ];
    assert.equal(renderBlocks(blocks), "1. one\n2. two\n\n> 💡 note\n\n[ai_block block]");
  });

  it("text → blocks: headings, bullets, numbers, to-dos, quotes, dividers, code with Notion's language names", () => {
    const blocks = blocksFromText("## H\n- [x] done\n* b\n2) n\n> q\n---\n```ts\nlet a\n```\nplain\nmore");
    assert.deepEqual(blocks.map((b) => b.type), ["heading_2", "to_do", "bulleted_list_item", "numbered_list_item", "quote", "divider", "code", "paragraph"]);
    assert.equal(blocks[1].to_do.checked, true);
    assert.equal(blocks[6].code.language, "typescript");
    assert.equal(blocks[7].paragraph.rich_text[0].text.content, "plain\nmore");
    assert.equal(notionLanguage("brainfuck"), "plain text");
  });
});

describe("github: Link header", () => {
  it("next/last/prev/first page numbers", () => {
    const header = '<https://api.github.com/search/repositories?q=x&page=3>; rel="next", <https://api.github.com/search/repositories?q=x&page=9>; rel="last", <https://api.github.com/search/repositories?q=x&page=1>; rel="first", <https://api.github.com/search/repositories?q=x&page=1>; rel="prev"';
    assert.deepEqual(linkPages(header), { next: 3, last: 9, first: 1, prev: 1 });
    assert.deepEqual(linkPages(null), {});
  });
});
