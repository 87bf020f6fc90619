// McpSession: one Durable Object per session. Holds a 2025-era sessionful Streamable HTTP transport
// (so server→client requests such as sampling and elicitation find the waiting call), or a legacy
// HTTP+SSE stream. The Worker in front has already checked Host/Origin, the key and the limits.

import { DurableObject } from "cloudflare:workers";
import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/server";
import { createServer } from "./adapter.mjs";
import { readConfig } from "./config.mjs";
import { Internal, keepAliveMs } from "./internal.mjs";
import { ErrorCode, asMessageList, errorMessage, jsonResponse } from "./jsonrpc.mjs";
import { serverInfoFor, surfaceFor, usageBufferFor, usageEvent } from "./registry.mjs";
import { KEEPALIVE_FRAME, LegacySseTransport, endpointFrame } from "./sse-transport.mjs";

const encoder = new TextEncoder();
const INIT_KEY = "session:initialize"; // the initialize message that opened the session (to restore it after eviction)
const SEEN_KEY = "session:seen"; // last activity, refreshed at most hourly
export const SESSION_IDLE_MS = 24 * 60 * 60 * 1000;
const SEEN_REFRESH_MS = 60 * 60 * 1000;

export class McpSession extends DurableObject {
  constructor(ctx, env) {
    super(ctx, env);
    this.streamable = null; // { transport, server }
    this.sse = null; // { transport, server, timer, writer }
  }

  async fetch(request) {
    const op = request.headers.get(Internal.op);
    const sessionId = request.headers.get(Internal.sessionId);
    const keyId = request.headers.get(Internal.keyId) || null;
    switch (op) {
      case "mcp":
        return this.#streamable(request, sessionId, keyId);
      case "sse-open":
        return this.#sseOpen(request, sessionId);
      case "sse-message":
        return this.#sseMessage(request, keyId);
      case "sse-push":
        return this.#ssePush(request);
      default:
        return jsonResponse(errorMessage(null, ErrorCode.invalidRequest, "unknown session operation"), 400);
    }
  }

  #session(keyId) {
    const env = this.env;
    const { serverId } = readConfig(env);
    return {
      serverId,
      keyId,
      era: "legacy",
      record: (partial) => {
        usageBufferFor(env).push(usageEvent(serverId, partial), (promise) => this.ctx.waitUntil?.(promise));
      },
    };
  }

  async #streamable(request, sessionId, keyId) {
    const parsedBody = request.method === "POST" ? JSON.parse(await request.text()) : undefined;
    if (!this.streamable) {
      const creating = request.headers.get(Internal.newSession) === "1";
      if (creating) {
        this.streamable = await this.#open(sessionId, keyId);
        await this.ctx.storage.put({ [INIT_KEY]: asMessageList(parsedBody).find((m) => m?.method === "initialize"), [SEEN_KEY]: Date.now() });
        await this.ctx.storage.setAlarm(Date.now() + SESSION_IDLE_MS);
      } else {
        // The object was evicted while idle (or the runtime restarted): rebuild the session from its initialize,
        // holding other requests back until it is rebuilt (so two of them cannot rebuild it twice).
        await this.ctx.blockConcurrencyWhile(async () => {
          if (this.streamable) return;
          const initialize = await this.ctx.storage.get(INIT_KEY);
          if (!initialize) return;
          this.streamable = await this.#open(sessionId, keyId);
          await this.#replay(request, sessionId, initialize);
        });
        if (!this.streamable) return sessionNotFound();
      }
    }
    await this.#touch();
    const forwarded = stripInternal(request);
    return this.streamable.transport.handleRequest(forwarded, { parsedBody, authInfo: authInfo(keyId) });
  }

  async #open(sessionId, keyId) {
    const transport = new WebStandardStreamableHTTPServerTransport({
      sessionIdGenerator: () => sessionId,
      keepAliveMs: keepAliveMs(this.env),
      onsessionclosed: () => {
        this.streamable = null;
        this.ctx.storage.deleteAll().catch(() => {});
        this.ctx.storage.deleteAlarm().catch(() => {});
      },
    });
    const server = createServer(surfaceFor(this.env), this.#session(keyId), serverInfoFor(this.env));
    await server.connect(transport);
    return { transport, server };
  }

  /** Feeds the stored initialize (and the initialized notification) to a fresh transport; the answers are dropped. */
  async #replay(request, sessionId, initialize) {
    const headers = { "content-type": "application/json", accept: "application/json, text/event-stream" };
    const init = await this.streamable.transport.handleRequest(new Request(request.url, { method: "POST", headers, body: JSON.stringify(initialize) }), {
      parsedBody: initialize,
    });
    await init.text();
    const version = initialize.params?.protocolVersion;
    const notification = { jsonrpc: "2.0", method: "notifications/initialized" };
    const ack = await this.streamable.transport.handleRequest(
      new Request(request.url, {
        method: "POST",
        headers: { ...headers, "mcp-session-id": sessionId, ...(version ? { "mcp-protocol-version": version } : {}) },
        body: JSON.stringify(notification),
      }),
      { parsedBody: notification },
    );
    await ack.text();
  }

  async #touch() {
    const now = Date.now();
    if (this.seenAt !== undefined && now - this.seenAt < SEEN_REFRESH_MS) return;
    this.seenAt = now;
    await this.ctx.storage.put(SEEN_KEY, now);
  }

  /** Forgets a session idle for SESSION_IDLE_MS (its stored initialize), so abandoned sessions do not pile up. */
  async alarm() {
    const seen = (await this.ctx.storage.get(SEEN_KEY)) ?? 0;
    if (Date.now() - seen >= SESSION_IDLE_MS) {
      this.streamable = null;
      await this.ctx.storage.deleteAll();
    } else {
      await this.ctx.storage.setAlarm(seen + SESSION_IDLE_MS);
    }
  }

  async #sseOpen(request, sessionId) {
    if (this.sse) return jsonResponse(errorMessage(null, ErrorCode.invalidRequest, "this SSE session is already open"), 409);
    const { readable, writable } = new TransformStream();
    const writer = writable.getWriter();
    const write = (text) => writer.write(encoder.encode(text));
    const transport = new LegacySseTransport(sessionId, write);
    const server = createServer(surfaceFor(this.env), this.#session(request.headers.get(Internal.keyId) || null), serverInfoFor(this.env));
    await server.connect(transport);
    const state = { transport, server, writer, timer: null };
    this.sse = state;
    const close = () => {
      if (this.sse !== state) return;
      this.sse = null;
      clearInterval(state.timer);
      transport.close().catch(() => {});
      server.close().catch(() => {});
      writer.close().catch(() => {});
    };
    writer.closed.catch(close);
    state.timer = setInterval(() => write(KEEPALIVE_FRAME).catch(close), keepAliveMs(this.env));
    let endpoint = `${request.headers.get(Internal.prefix) ?? ""}/messages?sessionId=${encodeURIComponent(sessionId)}`;
    const echoedKey = request.headers.get(Internal.queryKey);
    if (echoedKey) endpoint += `&key=${encodeURIComponent(echoedKey)}`;
    write(endpointFrame(endpoint)).catch(close);
    return new Response(readable, {
      headers: { "content-type": "text/event-stream", "cache-control": "no-cache, no-transform", "x-accel-buffering": "no" },
    });
  }

  async #sseMessage(request, keyId) {
    if (!this.sse) return sessionNotFound();
    const parsed = JSON.parse(await request.text());
    for (const message of asMessageList(parsed)) this.sse.transport.receive(message, { authInfo: authInfo(keyId) });
    return new Response("Accepted", { status: 202 });
  }

  async #ssePush(request) {
    if (!this.sse) return sessionNotFound();
    const messages = JSON.parse(await request.text());
    for (const message of messages) await this.sse.transport.send(message);
    return new Response(null, { status: 204 });
  }
}

function authInfo(keyId) {
  return { token: "", clientId: keyId ?? "anonymous", scopes: [], extra: { keyId } };
}

function sessionNotFound() {
  return jsonResponse(errorMessage(null, ErrorCode.sessionNotFound, "Session not found: it ended or expired; start a new one (initialize, or GET /sse)."), 404);
}

function stripInternal(request) {
  const headers = new Headers(request.headers);
  for (const name of Object.values(Internal)) headers.delete(name);
  return new Request(request.url, { method: request.method, headers, body: null });
}
