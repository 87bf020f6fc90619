// Reads the bindings of worker-contract.md once per env object.

import { normalizeAllowedHosts } from "./hosts.mjs";

export const CONTRACT_VERSION = 1;

/** A configuration the runtime cannot serve (answered 500 "Server misconfigured: …", never retried as transient). */
export class ConfigError extends Error {}

const cache = new WeakMap();

function asObject(value) {
  if (typeof value === "string") {
    try {
      return JSON.parse(value);
    } catch {
      return undefined;
    }
  }
  return value;
}

function positiveIntOrNull(value) {
  return Number.isInteger(value) && value > 0 ? value : null;
}

/** Pure: the runtime's view of MCP_CONFIG, MCP_KEY_HASHES and MCP_ALLOWED_HOSTS. Throws on a config it cannot serve. */
export function parseConfig(env) {
  const raw = asObject(env.MCP_CONFIG);
  if (!raw || typeof raw !== "object") throw new ConfigError("MCP_CONFIG binding is missing or not a JSON object");
  if (typeof raw.serverId !== "string" || raw.serverId === "") throw new ConfigError("MCP_CONFIG.serverId is missing");
  if (raw.contractVersion !== undefined && raw.contractVersion !== CONTRACT_VERSION) {
    throw new ConfigError(`MCP_CONFIG.contractVersion ${JSON.stringify(raw.contractVersion)} is not served by this runtime (it serves ${CONTRACT_VERSION})`);
  }
  const hashes = asObject(env.MCP_KEY_HASHES);
  const limits = raw.limits && typeof raw.limits === "object" ? raw.limits : {};
  return Object.freeze({
    contractVersion: raw.contractVersion ?? CONTRACT_VERSION,
    serverId: raw.serverId,
    name: typeof raw.name === "string" ? raw.name : raw.serverId,
    plan: typeof raw.plan === "string" ? raw.plan : "free",
    ratePerMinute: positiveIntOrNull(limits.ratePerMinute),
    suspended: raw.suspended === true,
    tools: Array.isArray(raw.tools) ? raw.tools : [],
    keyHashes: Array.isArray(hashes) ? hashes.filter((h) => typeof h === "string").map((h) => h.trim().toLowerCase()) : [],
    allowedHosts: normalizeAllowedHosts(asObject(env.MCP_ALLOWED_HOSTS)),
  });
}

export function readConfig(env) {
  let config = cache.get(env);
  if (!config) {
    config = parseConfig(env);
    cache.set(env, config);
  }
  return config;
}
