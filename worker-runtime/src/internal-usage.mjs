// The usage endpoint's own way into a server (worker-contract.md, "Limits and usage"):
//
//   GET  /_mcpsaas/usage          the limiter's status: events waiting in the outbox, drops not yet reported, failed
//                                 sends, the next attempt, the last delivery, the stored verdict and the projection;
//                                 and the API key hashes (SHA-256) the Worker accepts, which confirm a key change
//   POST /_mcpsaas/usage/flush    the endpoint is (back) up: deliver what waits now, whatever the backoff, and ask for
//                                 a fresh verdict; answers the status after that attempt
//
// Authenticated by the server's MCP_USAGE_TOKEN (`Authorization: Bearer …`, header only), never by an API key.
// A missing or wrong token, another method, or a server without a token gets the same 404 as any unknown path,
// so the route reveals nothing (not even that it exists).

import { constantTimeEqual, sha256Hex } from "./auth.mjs";
import { readConfig } from "./config.mjs";
import { jsonResponse } from "./jsonrpc.mjs";
import { limiterFor } from "./limiter-stub.mjs";

export const USAGE_STATUS_PATH = "/_mcpsaas/usage";
export const USAGE_FLUSH_PATH = "/_mcpsaas/usage/flush";

export function isInternalUsagePath(path) {
  return path === USAGE_STATUS_PATH || path === USAGE_FLUSH_PATH;
}

export async function serveInternalUsage(request, env, path, notFound) {
  const expected = typeof env.MCP_USAGE_TOKEN === "string" ? env.MCP_USAGE_TOKEN : "";
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(request.headers.get("authorization") ?? "");
  if (expected === "" || !match) return notFound();
  // Digests first: equal lengths, and the comparison does not stop at the first difference.
  if (!constantTimeEqual(await sha256Hex(match[1]), await sha256Hex(expected))) return notFound();
  const wanted = path === USAGE_FLUSH_PATH ? "POST" : "GET";
  if (request.method !== wanted) return notFound();
  const { serverId, keyHashes } = readConfig(env);
  const limiter = limiterFor(env);
  const status = path === USAGE_FLUSH_PATH ? await limiter.flushNow() : await limiter.status();
  // The key hashes this very Worker accepts (SHA-256, never a key): how a key change is confirmed live.
  return jsonResponse({ serverId, keyHashes: [...new Set(keyHashes)].sort(), ...status }, 200, { "cache-control": "no-store" });
}
