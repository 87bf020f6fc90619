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
      // Appends do not hold the admission answer until storage confirms them (usage is not worth that latency).
      outbox: { putOptions: { allowUnconfirmed: true } },
    });
    this.alarmAt = null; // the pending alarm's time as we last set or read it (saves a storage read per call)
    ctx.blockConcurrencyWhile(async () => {
      await this.core.init();
      this.alarmAt = await ctx.storage.getAlarm();
    });
  }

  async #schedule(delayMs) {
    const now = Date.now();
    const at = now + delayMs;
    // An alarm time in the past is the one running now (it is deleted when its handler returns): replace it.
    if (this.alarmAt !== null && this.alarmAt > now && this.alarmAt <= at) return;
    this.alarmAt = at;
    await this.ctx.storage.setAlarm(at);
  }

  /** RPC: a lease of admissions (see admission.mjs), decided at once without awaiting anything. */
  lease(want, need) {
    return this.core.lease(want, need);
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
    this.alarmAt = null;
    await this.core.flush();
  }
}
