// DNS-rebinding protection: the Host header, and the Origin header when a browser sends one,
// must be among MCP_ALLOWED_HOSTS. Entries are `host` (any port) or `host:port`; a full origin
// (`https://host[:port]`) is accepted as an entry too.

import { ErrorCode, errorMessage, jsonResponse } from "./jsonrpc.mjs";

export function normalizeAllowedHosts(list) {
  if (!Array.isArray(list)) return null;
  const entries = list
    .filter((e) => typeof e === "string" && e.trim() !== "")
    .map((e) => e.trim().toLowerCase().replace(/^[a-z][a-z0-9+.-]*:\/\//, "").replace(/\/.*$/, ""));
  return entries.length === 0 ? null : entries;
}

function hostnameOf(hostPort) {
  if (hostPort.startsWith("[")) {
    const end = hostPort.indexOf("]");
    return end < 0 ? hostPort : hostPort.slice(0, end + 1);
  }
  const colon = hostPort.lastIndexOf(":");
  return colon < 0 ? hostPort : hostPort.slice(0, colon);
}

function hasPort(entry) {
  return entry.startsWith("[") ? /\]:\d+$/.test(entry) : entry.includes(":");
}

export function hostAllowed(hostPort, allowed) {
  const value = hostPort.trim().toLowerCase();
  if (value === "") return false;
  const bare = hostnameOf(value);
  return allowed.some((entry) => entry === value || (!hasPort(entry) && entry === bare));
}

/** Returns null when the request may go on, or a 403 response. `allowed` null = no restriction configured. */
export function checkHostAndOrigin(request, allowed) {
  if (!allowed) return null;
  const host = request.headers.get("host") ?? new URL(request.url).host;
  if (!hostAllowed(host, allowed)) return forbidden(`Host '${host}' is not allowed for this server.`);
  const origin = request.headers.get("origin");
  if (origin !== null) {
    let originHost = null;
    try {
      originHost = new URL(origin).host;
    } catch {
      originHost = null;
    }
    if (!originHost || !hostAllowed(originHost, allowed)) return forbidden(`Origin '${origin}' is not allowed for this server.`);
  }
  return null;
}

function forbidden(message) {
  return jsonResponse(errorMessage(null, ErrorCode.forbiddenHost, `Forbidden: ${message}`), 403);
}
