// The server's one McpLimiter object (named by serverId).

import { readConfig } from "./config.mjs";

export function limiterFor(env) {
  const { serverId } = readConfig(env);
  return env.MCP_LIMITER.get(env.MCP_LIMITER.idFromName(serverId));
}
