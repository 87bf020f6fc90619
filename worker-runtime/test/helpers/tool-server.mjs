// A server of the real tool packs in real workerd for the pack tests: the built dist/ modules, the contract's
// bindings (secrets as MCP_SECRET_<ALIAS>_<INPUT> from the environment), outbound loopback opened (this test
// configuration only) so the packs reach the stub APIs, and a short per-call upstream timeout. Every answer is
// kept, so a test can prove that no secret ever appeared in an answer or in workerd's output.

import assert from "node:assert/strict";
import { post, rpc } from "./mcp-http.mjs";
import { serverConfig, startWorkerd } from "./workerd.mjs";

export const KEY = "mk_test_tool-packs-key";

/** options: { tools: [{ use, as?, with? }], secrets: { MCP_SECRET_…: value }, timeoutMs } */
export async function startToolServer({ tools, secrets = {}, timeoutMs = 1500 }) {
  const extraBindings = { MCP_UPSTREAM_TIMEOUT_MS: { text: String(timeoutMs) } };
  const env = {};
  for (const [name, value] of Object.entries(secrets)) {
    extraBindings[name] = { fromEnvironment: name };
    env[name] = value;
  }
  const ids = [...new Set(tools.map((t) => t.use))];
  const w = await startWorkerd({ keys: [KEY], tools: ids, config: serverConfig({ tools }), extraBindings, env, allowLocalOutbound: true });
  const answers = [];
  async function request(method, params) {
    const res = await post(`${w.url}/mcp`, rpc(method, params), { key: KEY, protocolVersion: "2025-06-18" });
    answers.push(res.text);
    assert.equal(res.status, 200, res.text);
    const message = res.messages.at(-1);
    if (message.error) throw Object.assign(new Error(`${method}: JSON-RPC error ${message.error.code} ${message.error.message}`), { rpcError: message.error });
    return message.result;
  }
  return {
    ...w,
    answers,
    request,
    /** tools/call → the result ({ content, isError? }). */
    call: (name, args = {}) => request("tools/call", { name, arguments: args }),
    list: async () => (await request("tools/list", {})).tools,
  };
}

/** The result's text blocks, joined. */
export const textOf = (result) => result.content.filter((c) => c.type === "text").map((c) => c.text).join("\n");

/** The first text block as JSON (the packs answer JSON text). */
export const jsonOf = (result) => JSON.parse(result.content[0].text);

/** Asserts an isError result whose text matches every pattern. */
export function assertToolError(result, ...patterns) {
  assert.equal(result.isError, true, `expected isError, got ${JSON.stringify(result).slice(0, 400)}`);
  const text = textOf(result);
  for (const pattern of patterns) assert.match(text, pattern);
  assert.doesNotMatch(text, /\n\s+at .+:\d+:\d+/, "no stack trace in a tool error");
  return text;
}

/** No secret value appears in any answer the server gave nor in workerd's stdout/stderr. */
export function assertNoSecretsLeaked(server, secrets) {
  const output = server.output();
  for (const value of Object.values(secrets)) {
    for (const answer of server.answers) assert.ok(!answer.includes(value), `a secret appeared in an answer: ${answer.slice(0, 300)}`);
    assert.ok(!output.includes(value), "a secret appeared in workerd's output");
  }
}

/** Asserts the stub saw no request a real API (or this contract) would refuse. */
export function assertNoProblems(...stubs) {
  for (const stub of stubs) assert.deepEqual(stub.problems, [], `${stub.name} stub saw problems`);
}

/** The comparable part of recorded requests: method, path, query, headers, JSON body (or raw body). */
export const shapeOf = (requests) => requests.map((r) => ({ method: r.method, path: r.path, query: r.query, headers: r.headers, body: r.json ?? (r.body === "" ? null : r.body) }));
