// API keys: `Authorization: Bearer <key>` or `?key=<key>`, checked as SHA-256 hex against MCP_KEY_HASHES.
// The key id attached to usage events is the first 12 hex characters of the key's SHA-256 (KEY_ID_LENGTH).

import { ErrorCode, errorMessage, jsonResponse } from "./jsonrpc.mjs";

export const KEY_ID_LENGTH = 12;

const encoder = new TextEncoder();

export async function sha256Hex(text) {
  const digest = await crypto.subtle.digest("SHA-256", encoder.encode(text));
  let hex = "";
  for (const byte of new Uint8Array(digest)) hex += byte.toString(16).padStart(2, "0");
  return hex;
}

/** Compares two strings without an early exit on the first difference (lengths are not secret: both are 64 hex chars). */
export function constantTimeEqual(a, b) {
  const length = Math.max(a.length, b.length);
  let diff = a.length ^ b.length;
  for (let i = 0; i < length; i++) diff |= (a.charCodeAt(i) | 0) ^ (b.charCodeAt(i) | 0);
  return diff === 0;
}

export function keyIdOf(hashHex) {
  return hashHex.slice(0, KEY_ID_LENGTH);
}

/** The presented key and where it came from; the header wins over the query string. */
export function presentedKey(request, url) {
  const header = request.headers.get("authorization");
  if (header) {
    const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
    if (match) return { key: match[1], via: "header" };
  }
  const query = url.searchParams.get("key");
  if (query) return { key: query, via: "query" };
  return null;
}

const HASH_CACHE_MAX = 256;
const hashCache = new Map(); // presented key -> its SHA-256 hex, per isolate (saves a digest per request)

async function hashOf(key) {
  let hash = hashCache.get(key);
  if (hash === undefined) {
    hash = await sha256Hex(key);
    if (hashCache.size >= HASH_CACHE_MAX) hashCache.clear();
    hashCache.set(key, hash);
  }
  return hash;
}

/**
 * Checks the request's key against every configured hash (all of them, so the time taken does not say which one matched).
 * Returns { ok: true, keyId, via, key } or { ok: false, reason }.
 */
export async function authenticate(request, url, keyHashes) {
  const presented = presentedKey(request, url);
  if (!presented) return { ok: false, reason: "missing" };
  if (!keyHashes || keyHashes.length === 0) return { ok: false, reason: "no-keys" };
  const hash = await hashOf(presented.key);
  let matched = null;
  for (const candidate of keyHashes) {
    if (constantTimeEqual(hash, candidate) && matched === null) matched = candidate;
  }
  if (matched === null) return { ok: false, reason: "invalid" };
  return { ok: true, keyId: keyIdOf(hash), via: presented.via, key: presented.key };
}

/** 401: a JSON-RPC error body and a Bearer challenge; nothing about the server's tools. */
export function unauthorizedResponse(reason) {
  const message =
    reason === "missing"
      ? "Unauthorized: an API key is required (Authorization: Bearer <key>, or ?key=<key>)."
      : "Unauthorized: the API key is not valid for this server.";
  return jsonResponse(errorMessage(null, ErrorCode.unauthorized, message), 401, {
    "www-authenticate": `Bearer realm="mcp", error="invalid_token"`,
    "cache-control": "no-store",
  });
}
