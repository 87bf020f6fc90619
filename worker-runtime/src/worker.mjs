// The Worker's front: routes, Host/Origin, keys, suspension and limits, then the protocol.
//
//   GET  /healthz                 {"status":"ok"}, no auth
//   POST /mcp                     2026-07-28 and stateless 2025-era requests: createMcpHandler in this isolate;
//                                 2025-era `initialize` and requests carrying Mcp-Session-Id: the McpSession object
//   GET|DELETE /mcp               with Mcp-Session-Id: the McpSession object (stream, termination)
//   GET  /sse                     legacy HTTP+SSE stream (McpSession object)
//   POST /messages?sessionId=     legacy client messages (McpSession object)
//   GET  /_mcpsaas/usage, POST /_mcpsaas/usage/flush
//                                 the usage endpoint's status and flush route (internal-usage.mjs; MCP_USAGE_TOKEN only)

import { createMcpHandler, isLegacyRequest } from "@modelcontextprotocol/server";
import { authenticate, unauthorizedResponse } from "./auth.mjs";
import { ConfigError, createServer } from "./adapter.mjs";
import { readConfig } from "./config.mjs";
import { checkHostAndOrigin } from "./hosts.mjs";
import { INTERNAL_PREFIX, Internal, forwardedPrefix, keepAliveMs } from "./internal.mjs";
import { isInternalUsagePath, serveInternalUsage } from "./internal-usage.mjs";
import { ErrorCode, asMessageList, errorMessage, errorsFor, jsonResponse, requestsOf } from "./jsonrpc.mjs";
import { limiterFor } from "./limiter-stub.mjs";
import { quotaMessage, unverifiedMessage } from "./quota.mjs";
import { admissionPoolFor, registerToolModules, serverInfoFor, surfaceFor, usageBufferFor, usageEvent } from "./registry.mjs";
import { QUOTA_EXCEEDED, QUOTA_UNVERIFIED, toolLabel } from "./usage.mjs";

export const MAX_BODY_BYTES = 4 * 1024 * 1024;
const SESSION_ID_PATTERN = /^[A-Za-z0-9-]{8,128}$/;

/**
 * The Worker for a server built from `toolModules` (see adapter.mjs for their shape).
 * The benchmark's baseline build (dist/bench/runtime-bare.mjs, never deployed) defines globalThis.MCPSAAS_BARE
 * at bundle time, which compiles out auth, limits and usage.
 */
export function createWorker(toolModules) {
  registerToolModules(toolModules);
  const policy = globalThis.MCPSAAS_BARE !== true;
  const handlers = new WeakMap();

  const modernHandler = (env) => {
    let handler = handlers.get(env);
    if (!handler) {
      const surface = surfaceFor(env);
      const info = serverInfoFor(env);
      const { serverId } = readConfig(env);
      handler = createMcpHandler(
        ({ era, authInfo }) =>
          createServer(surface, { serverId, keyId: authInfo?.extra?.keyId ?? null, era, record: authInfo?.extra?.record }, info),
        { legacy: "stateless", keepAliveMs: keepAliveMs(env), maxRequestBodySize: MAX_BODY_BYTES },
      );
      handlers.set(env, handler);
    }
    return handler;
  };

  return {
    async fetch(request, env, ctx) {
      try {
        return await serve(request, env, ctx, { policy, modernHandler });
      } catch (error) {
        if (error instanceof ConfigError) {
          return jsonResponse(errorMessage(null, ErrorCode.internalError, `Server misconfigured: ${error.message}`), 500);
        }
        console.error("mcpsaas runtime: unhandled error", error?.stack ?? String(error));
        return jsonResponse(errorMessage(null, ErrorCode.internalError, "Internal error"), 500);
      }
    },
  };
}

async function serve(request, env, ctx, { policy, modernHandler }) {
  const url = new URL(request.url);
  const path = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, "") : url.pathname;

  if (path === "/healthz") {
    if (request.method !== "GET" && request.method !== "HEAD") return new Response(null, { status: 405, headers: { allow: "GET, HEAD" } });
    return jsonResponse({ status: "ok" });
  }
  const notFound = () =>
    jsonResponse(errorMessage(null, ErrorCode.invalidRequest, `Not found: ${path}. MCP is served at /mcp (and /sse for legacy clients).`), 404);
  if (policy && isInternalUsagePath(path)) return serveInternalUsage(request, env, path, notFound);
  if (path !== "/mcp" && path !== "/sse" && path !== "/messages") return notFound();

  const config = readConfig(env);
  const rejectedHost = checkHostAndOrigin(request, config.allowedHosts);
  if (rejectedHost) return rejectedHost;

  let auth = { ok: true, keyId: null, via: null, key: null };
  if (policy) {
    auth = await authenticate(request, url, config.keyHashes);
    if (!auth.ok) return unauthorizedResponse(auth.reason);
  }

  // Body: read once (bounded), parsed once; every leg below receives the parsed value.
  let text = null;
  let parsed;
  if (request.method === "POST") {
    const length = Number.parseInt(request.headers.get("content-length") ?? "", 10);
    if (Number.isInteger(length) && length > MAX_BODY_BYTES) return payloadTooLarge();
    text = await request.text();
    if (text.length > MAX_BODY_BYTES) return payloadTooLarge();
    try {
      parsed = JSON.parse(text);
    } catch {
      return jsonResponse(errorMessage(null, ErrorCode.parseError, "Parse error: the body is not valid JSON"), 400);
    }
  }

  if (policy && config.suspended) return suspendedResponse(request, parsed);

  const messages = asMessageList(parsed);
  const toolCalls = requestsOf(messages).filter((m) => m.method === "tools/call").length;
  if (policy && toolCalls > 0) {
    const verdict = await admit(env, toolCalls);
    if (!verdict.ok) {
      if (verdict.kind === "quota") recordRefusals(env, ctx, config, parsed, auth.keyId, verdict);
      const refusal = refusalFor(verdict, config, parsed);
      if (path === "/messages") {
        // Legacy clients read answers on their SSE stream: push the errors there too.
        const sessionId = url.searchParams.get("sessionId") ?? "";
        if (SESSION_ID_PATTERN.test(sessionId) && refusal.errors.length > 0) {
          await sessionStub(env, sessionId)
            .fetch(internalRequest(url, "POST", { [Internal.op]: "sse-push" }, JSON.stringify(refusal.errors)))
            .catch(() => {});
        }
        return refusal.status === 429 ? refusal.response : new Response("Accepted", { status: 202 });
      }
      return refusal.response;
    }
  }

  const record = policy ? (partial) => usageBufferFor(env).push(usageEvent(config.serverId, partial), (promise) => ctx.waitUntil(promise)) : undefined;

  if (path === "/sse") return openSse(request, url, env, auth);
  if (path === "/messages") return sseMessage(request, url, env, auth, text);

  // /mcp
  const incomingSession = request.headers.get("mcp-session-id");
  const forward = stripInternalHeaders(request, text);
  const legacy = request.method === "POST" ? await isLegacyRequest(forward, parsed) : true;
  if (legacy && incomingSession) {
    if (!SESSION_ID_PATTERN.test(incomingSession)) return sessionNotFound();
    return sessionStub(env, incomingSession).fetch(withInternal(forward, { [Internal.op]: "mcp", [Internal.sessionId]: incomingSession, [Internal.keyId]: auth.keyId ?? "" }));
  }
  if (legacy && request.method === "POST" && messages.some((m) => m && m.method === "initialize")) {
    const sessionId = crypto.randomUUID();
    return sessionStub(env, sessionId).fetch(
      withInternal(forward, { [Internal.op]: "mcp", [Internal.sessionId]: sessionId, [Internal.newSession]: "1", [Internal.keyId]: auth.keyId ?? "" }),
    );
  }
  return modernHandler(env).fetch(forward, {
    parsedBody: parsed,
    authInfo: { token: "", clientId: auth.keyId ?? "anonymous", scopes: [], extra: { keyId: auth.keyId, record } },
  });
}

/** Spends leased admissions, asking the limiter for a new lease when the isolate holds too few. */
async function admit(env, count) {
  const pool = admissionPoolFor(env);
  if (pool.take(count)) return { ok: true };
  const verdict = await limiterFor(env).lease(pool.want(count), count);
  if (!verdict.ok) return verdict;
  pool.add(verdict.granted);
  if (!pool.take(count)) throw new Error(`the limiter granted ${verdict.granted} admissions for ${count} calls`);
  return { ok: true };
}

/**
 * Calls refused by the quota are usage events too (errorKind quota_exceeded or quota_unverified: `usage` shows them;
 * the quota never counts them), as many as the limiter allows (`verdict.record`, bounded per minute).
 */
function recordRefusals(env, ctx, config, parsed, keyId, verdict) {
  const errorKind = verdict.reason === "unverified" ? QUOTA_UNVERIFIED : QUOTA_EXCEEDED;
  const calls = requestsOf(asMessageList(parsed)).filter((m) => m.method === "tools/call");
  const buffer = usageBufferFor(env);
  for (const call of calls.slice(0, Math.max(0, verdict.record ?? 0))) {
    const event = usageEvent(config.serverId, { tool: toolLabel(call.params?.name), keyId, ok: false, errorKind, durationMs: 0 });
    buffer.push(event, (promise) => ctx.waitUntil(promise));
  }
}

function openSse(request, url, env, auth) {
  if (request.method !== "GET") return new Response(null, { status: 405, headers: { allow: "GET" } });
  const sessionId = crypto.randomUUID();
  const headers = {
    [Internal.op]: "sse-open",
    [Internal.sessionId]: sessionId,
    [Internal.keyId]: auth.keyId ?? "",
    [Internal.prefix]: forwardedPrefix(request),
  };
  if (auth.via === "query") headers[Internal.queryKey] = auth.key;
  return sessionStub(env, sessionId).fetch(internalRequest(url, "GET", headers));
}

function sseMessage(request, url, env, auth, text) {
  if (request.method !== "POST") return new Response(null, { status: 405, headers: { allow: "POST" } });
  const sessionId = url.searchParams.get("sessionId") ?? "";
  if (!SESSION_ID_PATTERN.test(sessionId)) return sessionNotFound();
  return sessionStub(env, sessionId).fetch(internalRequest(url, "POST", { [Internal.op]: "sse-message", [Internal.keyId]: auth.keyId ?? "" }, text));
}

function refusalFor(verdict, config, parsed) {
  if (verdict.kind === "rate") {
    const resetAt = new Date(verdict.resetAt).toISOString();
    const message = `Rate limit exceeded: at most ${verdict.limit} tool calls per minute for this server; the next call is accepted at ${resetAt} (in ${verdict.retryAfterSeconds} s).`;
    const data = { limit: verdict.limit, window: "1m", resetAt, retryAfterSeconds: verdict.retryAfterSeconds };
    const errors = toolCallErrors(parsed, ErrorCode.rateLimited, message, data);
    return {
      status: 429,
      errors,
      response: jsonResponse(bodyOf(parsed, errors, ErrorCode.rateLimited, message, data), 429, {
        "retry-after": String(verdict.retryAfterSeconds),
        "ratelimit-limit": String(verdict.limit),
        "ratelimit-reset": String(verdict.retryAfterSeconds),
      }),
    };
  }
  const unverified = verdict.reason === "unverified";
  const message = unverified ? unverifiedMessage(config.plan, verdict.quota) : quotaMessage(config.plan, verdict.quota);
  const data = {
    plan: config.plan,
    limit: verdict.quota?.limit ?? null,
    used: verdict.quota?.used ?? null,
    reason: unverified ? "unverified" : "exceeded",
    upgrade: "raise the organisation's plan (pro or enterprise)",
  };
  const errors = toolCallErrors(parsed, ErrorCode.quotaExceeded, message, data);
  return { status: 200, errors, response: jsonResponse(bodyOf(parsed, errors, ErrorCode.quotaExceeded, message, data), 200) };
}

/** Errors for the refused tools/call requests; other requests of a (2025-03-26) batch are refused with the same reason. */
function toolCallErrors(parsed, code, message, data) {
  return requestsOf(asMessageList(parsed)).map((m) => errorMessage(m.id, code, message, data));
}

function bodyOf(parsed, errors, code, message, data) {
  if (Array.isArray(parsed)) return errors;
  return errors[0] ?? errorMessage(null, code, message, data);
}

function suspendedResponse(request, parsed) {
  const message = "Server suspended: this MCP server is suspended (spec.suspended in its mcp.yaml, or the McpSaas GitHub App was suspended or uninstalled for its organization); no calls are served until it is resumed.";
  if (request.method === "POST") {
    const body = errorsFor(parsed, ErrorCode.suspended, message);
    // In-band for requests (clients show the message of a JSON-RPC error); 403 when there is no request to answer.
    if (body === null) return jsonResponse(errorMessage(null, ErrorCode.suspended, message), 403);
    return jsonResponse(body, 200);
  }
  return jsonResponse(errorMessage(null, ErrorCode.suspended, message), 403);
}

function payloadTooLarge() {
  return jsonResponse(errorMessage(null, ErrorCode.invalidRequest, `Payload too large: at most ${MAX_BODY_BYTES} bytes`), 413);
}

function sessionNotFound() {
  return jsonResponse(errorMessage(null, ErrorCode.sessionNotFound, "Session not found: it ended or expired; start a new one (initialize)."), 404);
}

function sessionStub(env, sessionId) {
  return env.MCP_SESSIONS.get(env.MCP_SESSIONS.idFromName(sessionId));
}

/** The request as forwarded: the body we already read, without any client-sent internal header. */
function stripInternalHeaders(request, text) {
  const headers = new Headers();
  for (const [name, value] of request.headers) if (!name.startsWith(INTERNAL_PREFIX)) headers.append(name, value);
  return new Request(request.url, { method: request.method, headers, body: text });
}

function withInternal(request, extra) {
  const headers = new Headers(request.headers);
  for (const [name, value] of Object.entries(extra)) headers.set(name, value);
  return new Request(request.url, { method: request.method, headers, body: request.body });
}

function internalRequest(url, method, headers, body = null) {
  return new Request(url.toString(), { method, headers, body });
}
