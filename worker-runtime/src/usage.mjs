// Sends one usage batch to the platform: through the USAGE service binding when bound, else to MCP_USAGE_URL,
// with `Authorization: Bearer MCP_USAGE_TOKEN`. Batch and reply shapes: README.md.

import { parseUsageReply } from "./quota.mjs";

export const SEND_TIMEOUT_MS = 10_000;

/** errorKind of the calls a quota refused: recorded, shown by `usage`, never counted toward the quota. */
export const QUOTA_EXCEEDED = "quota_exceeded";
export const QUOTA_UNVERIFIED = "quota_unverified";
export const REFUSAL_KINDS = new Set([QUOTA_EXCEEDED, QUOTA_UNVERIFIED]);

export const TOOL_LABEL_LIMIT = 128;

/**
 * The tool name an event carries: the name the client asked for, made acceptable to the platform (1 to 128 characters,
 * no control characters), so a strange name can never make a batch refused and block the outbox behind it.
 */
export function toolLabel(name) {
  const text = String(name ?? "")
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, "?")
    .slice(0, TOOL_LABEL_LIMIT)
    .toWellFormed(); // a cut (or sent) half of a surrogate pair becomes U+FFFD
  return text === "" ? "(none)" : text;
}

export function usageDestination(env) {
  if (env.USAGE && typeof env.USAGE.fetch === "function") return { via: "service", url: env.MCP_USAGE_URL || "http://usage.internal/v1/usage" };
  if (typeof env.MCP_USAGE_URL === "string" && env.MCP_USAGE_URL !== "") return { via: "url", url: env.MCP_USAGE_URL };
  return null;
}

export function batchBody({ serverId, batchId, events, dropped, sentAt }) {
  return { contractVersion: 1, serverId, batchId, sentAt, dropped, events };
}

/** Throws when the batch was not accepted (network error, timeout, non-2xx, malformed reply). */
export async function sendBatch(env, body, fetchImpl = fetch) {
  const destination = usageDestination(env);
  if (!destination) throw new Error("no usage destination bound (USAGE or MCP_USAGE_URL)");
  const init = {
    method: "POST",
    headers: {
      "content-type": "application/json",
      authorization: `Bearer ${env.MCP_USAGE_TOKEN ?? ""}`,
    },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
  };
  const response = destination.via === "service" ? await env.USAGE.fetch(destination.url, init) : await fetchImpl(destination.url, init);
  const text = await response.text();
  if (!response.ok) throw new Error(`usage endpoint answered HTTP ${response.status}`);
  let json = null;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error("usage endpoint reply is not JSON");
  }
  const reply = parseUsageReply(json);
  if (!reply) throw new Error("usage endpoint reply has an unexpected shape");
  return reply;
}
