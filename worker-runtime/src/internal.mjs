// Headers the Worker sets on requests it forwards to McpSession. Clients cannot set them:
// the Worker removes every `x-mcpsaas-*` header a client sent before it adds its own.

export const Internal = Object.freeze({
  op: "x-mcpsaas-op",
  sessionId: "x-mcpsaas-session-id",
  newSession: "x-mcpsaas-new-session",
  keyId: "x-mcpsaas-key-id",
  prefix: "x-mcpsaas-prefix",
  queryKey: "x-mcpsaas-query-key",
});

export const INTERNAL_PREFIX = "x-mcpsaas-";

export const DEFAULT_KEEPALIVE_MS = 15_000;

/** SSE keepalive interval: 15 s, or MCP_SSE_KEEPALIVE_MS (optional plain_text binding, used by tests). */
export function keepAliveMs(env) {
  const value = Number.parseInt(env.MCP_SSE_KEEPALIVE_MS ?? "", 10);
  return Number.isInteger(value) && value >= 100 ? value : DEFAULT_KEEPALIVE_MS;
}

const PREFIX_PATTERN = /^(\/[A-Za-z0-9._~!$&'()*+,;=:@%-]+)+$/;

/** X-Forwarded-Prefix as a path prefix without a trailing slash, or "" when absent or not a safe path. */
export function forwardedPrefix(request) {
  const raw = (request.headers.get("x-forwarded-prefix") ?? "").trim().replace(/\/+$/, "");
  return PREFIX_PATTERN.test(raw) ? raw : "";
}
