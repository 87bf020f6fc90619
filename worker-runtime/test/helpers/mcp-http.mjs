// Small HTTP helpers for the workerd tests: JSON-RPC posts (JSON or SSE answers), an SSE reader,
// raw requests with a custom Host header (fetch cannot set Host), and a stub usage endpoint.

import { createServer, request as httpRequest } from "node:http";

export const ACCEPT = "application/json, text/event-stream";

let nextId = 1;
export const rpc = (method, params, id = nextId++) => ({ jsonrpc: "2.0", id, method, ...(params === undefined ? {} : { params }) });

export const initializeParams = (capabilities = {}, protocolVersion = "2025-11-25") => ({
  protocolVersion,
  capabilities,
  clientInfo: { name: "mcpsaas-tests", version: "1.0.0" },
});

/** The 2026-07-28 per-request envelope. */
export const modernMeta = (capabilities = {}) => ({
  "io.modelcontextprotocol/protocolVersion": "2026-07-28",
  "io.modelcontextprotocol/clientInfo": { name: "mcpsaas-tests", version: "1.0.0" },
  "io.modelcontextprotocol/clientCapabilities": capabilities,
});

/** POST a JSON-RPC body; returns { status, headers, messages } with the JSON-RPC messages of a JSON or SSE answer. */
export async function post(url, body, { key, headers = {}, sessionId, protocolVersion } = {}) {
  const h = { "content-type": "application/json", accept: ACCEPT, ...headers };
  if (key) h.authorization = `Bearer ${key}`;
  if (sessionId) h["mcp-session-id"] = sessionId;
  if (protocolVersion) h["mcp-protocol-version"] = protocolVersion;
  const response = await fetch(url, { method: "POST", headers: h, body: typeof body === "string" ? body : JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, messages: parseMessages(response.headers.get("content-type"), text) };
}

export function parseMessages(contentType, text) {
  if (!text) return [];
  if ((contentType ?? "").includes("text/event-stream")) {
    return text
      .split(/\n\n/)
      .map((frame) => frame.split("\n").filter((l) => l.startsWith("data:")).map((l) => l.slice(5).trimStart()).join("\n"))
      .filter(Boolean)
      .map((data) => JSON.parse(data));
  }
  try {
    const parsed = JSON.parse(text);
    return Array.isArray(parsed) ? parsed : [parsed];
  } catch {
    return [];
  }
}

/** Reads SSE events ({ event, data, comment }) from a streaming fetch response. */
export function sseEvents(response) {
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  const queue = [];
  let waiting = null;
  let done = false;
  (async () => {
    try {
      for (;;) {
        const { value, done: end } = await reader.read();
        if (end) break;
        buffer += value;
        let index;
        while ((index = buffer.indexOf("\n\n")) >= 0) {
          const frame = buffer.slice(0, index);
          buffer = buffer.slice(index + 2);
          const event = { event: "message", data: "", comment: null };
          for (const line of frame.split("\n")) {
            if (line.startsWith(":")) event.comment = line.slice(1).trim();
            else if (line.startsWith("event:")) event.event = line.slice(6).trim();
            else if (line.startsWith("data:")) event.data += line.slice(5).trimStart();
          }
          queue.push(event);
          waiting?.();
        }
      }
    } catch {
      // stream cancelled
    }
    done = true;
    waiting?.();
  })();
  return {
    async next(predicate = () => true, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const index = queue.findIndex(predicate);
        if (index >= 0) return queue.splice(index, 1)[0];
        if (done) throw new Error("SSE stream ended");
        const left = deadline - Date.now();
        if (left <= 0) throw new Error("timed out waiting for an SSE event");
        await new Promise((resolve) => {
          waiting = resolve;
          setTimeout(resolve, Math.min(left, 100));
        });
      }
    },
    cancel: () => reader.cancel().catch(() => {}),
  };
}

/** A raw HTTP/1.1 request with any Host/Origin header (fetch refuses to set Host). */
export function rawRequest({ port, method = "POST", path = "/mcp", headers = {}, body }) {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: "127.0.0.1", port, method, path, headers, setHost: false }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (d) => (text += d));
      res.on("end", () => resolve({ status: res.statusCode, headers: res.headers, text }));
    });
    req.on("error", reject);
    req.setTimeout(5000, () => req.destroy(new Error("raw request timed out")));
    if (body !== undefined) req.write(typeof body === "string" ? body : JSON.stringify(body));
    req.end();
  });
}

/**
 * A stub of the platform's usage endpoint on 127.0.0.1. state.quota is returned in each reply;
 * batches (with the Authorization header seen) are collected in `batches`.
 */
/**
 * A stand-in for the platform's usage endpoint on 127.0.0.1. Answers `state.quota`, or with `counting: { limit, base }`
 * counts like the real ingest: each event id once, refused calls (quota_*) never, plus `base` (other servers).
 */
export async function startUsageEndpoint({ port = 0, quota = { limit: 5000, used: 0, exceeded: false }, counting = null } = {}) {
  const state = { quota, batches: [], status: 200, counted: new Set() };
  const server = createServer((req, res) => {
    let text = "";
    req.on("data", (d) => (text += d));
    req.on("end", () => {
      let body = null;
      try {
        body = JSON.parse(text);
      } catch {
        body = null;
      }
      state.batches.push({ path: req.url, authorization: req.headers.authorization, body });
      if (counting && state.status === 200) {
        for (const e of body?.events ?? []) if (!String(e.errorKind ?? "").startsWith("quota_")) state.counted.add(e.eventId);
        const used = counting.base + state.counted.size;
        state.quota = { limit: counting.limit, used, exceeded: used >= counting.limit };
      }
      res.writeHead(state.status, { "content-type": "application/json" });
      res.end(JSON.stringify({ accepted: body?.events?.length ?? 0, quota: state.quota }));
    });
  });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", resolve);
  });
  return {
    port: server.address().port,
    state,
    events: () => state.batches.flatMap((b) => b.body?.events ?? []),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

export async function waitFor(predicate, { timeoutMs = 10_000, intervalMs = 50, what = "condition" } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await predicate();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
