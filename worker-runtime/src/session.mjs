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
      if (!creating) return sessionNotFound();
      const transport = new WebStandardStreamableHTTPServerTransport({
        sessionIdGenerator: () => sessionId,
        keepAliveMs: keepAliveMs(this.env),
        onsessionclosed: () => {
          this.streamable = null;
        },
      });
      const server = createServer(surfaceFor(this.env), this.#session(keyId), serverInfoFor(this.env));
      await server.connect(transport);
      this.streamable = { transport, server };
    }
    const forwarded = stripInternal(request);
    return this.streamable.transport.handleRequest(forwarded, { parsedBody, authInfo: authInfo(keyId) });
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
