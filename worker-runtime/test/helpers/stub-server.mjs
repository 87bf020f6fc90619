// A stub upstream on 127.0.0.1 (free port) for the tool-pack tests: records every request exactly (method, path,
// query, headers without the transport ones, body), lets the route answer like the real API would, and takes
// one-shot faults (status/headers/body, a hang, a slow endless body) for the failure tests.

import { createServer } from "node:http";

const TRANSPORT_HEADERS = new Set(["host", "content-length", "connection", "transfer-encoding", "keep-alive"]);

function tryJson(text) {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * route(request, reply) answers one recorded request: request = { method, path, query, headers, body, json, url };
 * reply(status, body (object → JSON, string, Buffer), headers). A route may also use the raw `res` (third arg).
 */
export async function startStub(name, route) {
  const requests = [];
  const problems = [];
  const faults = [];
  const sockets = new Set();
  const server = createServer(async (req, res) => {
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    const body = Buffer.concat(chunks).toString("utf8");
    const url = new URL(req.url, "http://stub.invalid");
    const headers = {};
    for (const [key, value] of Object.entries(req.headers)) if (!TRANSPORT_HEADERS.has(key)) headers[key] = value;
    const request = { method: req.method, path: url.pathname, query: Object.fromEntries(url.searchParams), headers, body, json: tryJson(body), url: req.url };
    requests.push(request);
    const reply = (status, payload = "", extraHeaders = {}) => {
      const isBuffer = Buffer.isBuffer(payload);
      const text = isBuffer || typeof payload === "string" ? payload : JSON.stringify(payload);
      const contentType = isBuffer || typeof payload === "string" ? "text/plain; charset=utf-8" : "application/json; charset=utf-8";
      res.writeHead(status, { "content-type": contentType, ...extraHeaders });
      res.end(text);
    };
    const index = faults.findIndex((f) => !f.match || f.match(request));
    if (index >= 0) {
      const [fault] = faults.splice(index, 1);
      return runFault(fault, request, reply, res);
    }
    try {
      await route(request, reply, res);
    } catch (error) {
      problems.push(`${name}: route threw for ${req.method} ${req.url}: ${error.stack}`);
      if (!res.headersSent) reply(500, { message: "stub error" });
    }
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const port = server.address().port;
  return {
    name,
    port,
    origin: `http://127.0.0.1:${port}`,
    requests,
    problems,
    /** The requests so far, and forget them. */
    take: () => requests.splice(0, requests.length),
    /** The next request (matching `match`, when given) gets this fault instead of the route's answer. */
    inject: (fault) => faults.push(fault),
    faults,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/**
 * fault: { status (default 200), headers, body } an answer; { hang: true } headers never sent; { stream: { chunk, intervalMs,
 * contentType } } a 200 whose body never ends (chunks until the client goes away; bytesSent/closed recorded on
 * the fault object); { delayMs } before the answer.
 */
async function runFault(fault, request, reply, res) {
  fault.request = request;
  if (fault.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs));
  if (fault.hang) {
    await new Promise((resolve) => res.on("close", resolve));
    fault.closed = true;
    return;
  }
  if (fault.stream) {
    const { chunk, intervalMs = 5, contentType = "text/plain; charset=utf-8" } = fault.stream;
    res.writeHead(200, { "content-type": contentType });
    fault.bytesSent = 0;
    await new Promise((resolve) => {
      const timer = setInterval(() => {
        if (res.destroyed || res.writableEnded) return;
        res.write(chunk);
        fault.bytesSent += Buffer.byteLength(chunk);
      }, intervalMs);
      res.on("close", () => {
        clearInterval(timer);
        fault.closed = true;
        resolve();
      });
    });
    return;
  }
  reply(fault.status ?? 200, fault.body ?? "", fault.headers ?? {});
}
