// McpLimiter: one Durable Object per server (named by serverId). Thin shell over LimiterCore.

import { DurableObject } from "cloudflare:workers";
import { readConfig } from "./config.mjs";
import { LimiterCore } from "./limiter-core.mjs";
import { sendBatch, usageDestination } from "./usage.mjs";

export class McpLimiter extends DurableObject {
  constructor(ctx, env) {
    super(ctx, env);
    this.core = new LimiterCore({
      storage: ctx.storage,
      now: () => Date.now(),
      send: (body) => sendBatch(env, body),
      schedule: (delayMs) => this.#schedule(delayMs),
      canSend: () => usageDestination(env) !== null,
      config: () => readConfig(env),
      newId: () => crypto.randomUUID(),
    });
    ctx.blockConcurrencyWhile(() => this.core.init());
  }

  async #schedule(delayMs) {
    const now = Date.now();
    const at = now + delayMs;
    const current = await this.ctx.storage.getAlarm();
    // An alarm time in the past is the one running now (it is deleted when its handler returns): replace it.
    if (current === null || current <= now || current > at) await this.ctx.storage.setAlarm(at);
  }

  /** RPC: admission of `count` tools/call requests. */
  admit(count) {
    return this.core.admit(count);
  }

  /** RPC: appends usage events (never fails the caller's call: errors stay here). */
  async record(events) {
    try {
      await this.core.record(events);
    } catch (error) {
      this.core.stats.lastError = String(error?.message ?? error);
    }
  }

  /** RPC: pending events, drop count, failures, the stored quota verdict. */
  status() {
    return this.core.status();
  }

  /** RPC: flush now (tests and operators). */
  flush() {
    return this.core.flush();
  }

  async alarm() {
    await this.core.flush();
  }
}

export function limiterFor(env) {
  const { serverId } = readConfig(env);
  return env.MCP_LIMITER.get(env.MCP_LIMITER.idFromName(serverId));
}
