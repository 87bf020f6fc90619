// What the adapter does to every tool result before it leaves the server: secret values are scrubbed from
// every string (results, error messages, log notifications), and the text is trimmed to RESULT_TEXT_LIMIT
// characters with a note saying so.

export const RESULT_TEXT_LIMIT = 100_000;
export const REDACTED = "[redacted]";
const MIN_SECRET_LENGTH = 6;

/**
 * A function replacing every secret value (and its URL- and JSON-escaped forms) in a string with
 * "[redacted]". Values shorter than 6 characters are not real tokens and would mangle ordinary text: skipped.
 */
export function secretScrubber(values) {
  const forms = new Set();
  for (const value of values) {
    if (typeof value !== "string" || value.length < MIN_SECRET_LENGTH) continue;
    forms.add(value);
    forms.add(encodeURIComponent(value));
    forms.add(JSON.stringify(value).slice(1, -1));
  }
  const ordered = [...forms].sort((a, b) => b.length - a.length);
  if (ordered.length === 0) return (text) => text;
  return (text) => {
    if (typeof text !== "string") return text;
    let out = text;
    for (const form of ordered) if (out.includes(form)) out = out.split(form).join(REDACTED);
    return out;
  };
}

/** A copy of a JSON-like value with every string scrubbed (keys included). */
export function scrubDeep(value, scrub) {
  if (typeof value === "string") return scrub(value);
  if (Array.isArray(value)) return value.map((v) => scrubDeep(v, scrub));
  if (value && typeof value === "object") {
    const out = {};
    for (const [k, v] of Object.entries(value)) out[scrub(k)] = scrubDeep(v, scrub);
    return out;
  }
  return value;
}

const textOf = (block) => (block?.type === "text" ? block.text : block?.type === "resource" && typeof block.resource?.text === "string" ? block.resource.text : null);

/**
 * Trims a result's text (text blocks and embedded text resources, in order) to `limit` characters in total.
 * Past the limit, the block that crosses it is cut, later text blocks are dropped, a note is appended, and
 * structuredContent (which would carry everything again) is dropped.
 */
export function trimResult(result, limit = RESULT_TEXT_LIMIT) {
  if (!result || !Array.isArray(result.content)) return result;
  let total = 0;
  for (const block of result.content) total += textOf(block)?.length ?? 0;
  if (total <= limit) return result;
  const content = [];
  let left = limit;
  for (const block of result.content) {
    const text = textOf(block);
    if (text === null) {
      content.push(block);
      continue;
    }
    if (left <= 0) continue;
    if (text.length <= left) {
      content.push(block);
      left -= text.length;
      continue;
    }
    const cut = text.slice(0, left);
    content.push(block.type === "text" ? { ...block, text: cut } : { ...block, resource: { ...block.resource, text: cut } });
    left = 0;
  }
  content.push({
    type: "text",
    text: `[Result cut: it had ${total.toLocaleString("en-US")} characters; the first ${limit.toLocaleString("en-US")} are shown (the limit per result). Ask for less: a smaller limit or page size, a narrower query, or a later start_index.]`,
  });
  const { structuredContent, ...rest } = result;
  return { ...rest, content };
}
