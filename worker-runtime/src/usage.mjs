// Sends one usage batch to the platform: through the USAGE service binding when bound, else to MCP_USAGE_URL,
// with `Authorization: Bearer MCP_USAGE_TOKEN`. Batch and reply shapes: README.md.

import { parseUsageReply } from "./quota.mjs";

export const SEND_TIMEOUT_MS = 10_000;

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
