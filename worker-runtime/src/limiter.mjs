// McpLimiter: one Durable Object per server (named by serverId). Thin shell over LimiterCore.

import { DurableObject } from "cloudflare:workers";
import { readConfig } from "./config.mjs";
import { LimiterCore } from "./limiter-core.mjs";
import { QUOTA_TRUST_MS } from "./quota.mjs";
import { sendBatch, usageDestination } from "./usage.mjs";

/** The quota verdict's trust window: 15 min, or MCP_USAGE_TRUST_MS (optional plain_text binding, for tests; ≥ 1000). */
export function trustMs(env) {
  const value = Number.parseInt(env.MCP_USAGE_TRUST_MS ?? "", 10);
  return Number.isInteger(value) && value >= 1000 ? value : QUOTA_TRUST_MS;
}

export class McpLimiter extends DurableObject {
  constructor(ctx, env) {
    super(ctx, env);
    this.core = new LimiterCore({
      storage: ctx.storage,
      now: () => Date.now(),
      send: (body) => sendBatch(env, body),
      schedule: (delayMs, options) => this.#schedule(delayMs, options),
      canSend: () => usageDestination(env) !== null,
      config: () => readConfig(env),
      newId: () => crypto.randomUUID(),
      trustMs: trustMs(env),
      // Appends do not hold the admission answer until storage confirms them (usage is not worth that latency).
      outbox: { putOptions: { allowUnconfirmed: true } },
    });
    this.alarmAt = null; // the pending alarm's time as we last set or read it (saves a storage read per call)
    ctx.blockConcurrencyWhile(async () => {
      await this.core.init();
      this.alarmAt = await ctx.storage.getAlarm();
      // A backoff alarm kept in storage across a restart: the core reports it as the next attempt.
      if (this.alarmAt !== null && this.alarmAt > Date.now()) this.core.nextAttemptAt = this.alarmAt;
    });
  }

  async #schedule(delayMs, { replace = false } = {}) {
    if (delayMs === null) {
      this.alarmAt = null;
      await this.ctx.storage.deleteAlarm();
      return;
    }
    const now = Date.now();
    const at = now + delayMs;
    // An alarm time in the past is the one running now (it is deleted when its handler returns): replace it.
    if (!replace && this.alarmAt !== null && this.alarmAt > now && this.alarmAt <= at) return;
    this.alarmAt = at;
    await this.ctx.storage.setAlarm(at);
  }

  /** RPC: a lease of admissions (see admission.mjs), decided at once without awaiting anything. */
  lease(want, need) {
    return this.core.lease(want, need);
  }

  /**
   * RPC: appends usage events. The caller is an isolate's usage buffer, never a call: an error goes back to it so it
   * keeps the events and sends them again (the platform counts an event id once).
   */
  async record(events) {
    try {
      await this.core.record(events);
    } catch (error) {
      this.core.stats.lastError = String(error?.message ?? error);
      throw error;
    }
  }

  /** RPC: pending events, drop count, failures, next attempt, last delivery, the stored verdict and the projection. */
  status() {
    return this.core.status();
  }

  /** RPC: the usage endpoint is (back) up: deliver now, whatever the backoff, and ask for a fresh verdict. */
  flushNow() {
    return this.core.flushNow();
  }

  /** RPC: flush now (tests and operators). */
  flush() {
    return this.core.flush();
  }

  async alarm() {
    this.alarmAt = null;
    await this.core.alarm();
  }
}
