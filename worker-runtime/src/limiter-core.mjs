// The per-server limiter's logic, free of Durable Object plumbing so node can test it:
// the exact per-minute window, the monthly-quota verdict, and the usage outbox with its flushing.

import { LEASE_SPAN_MS, leaseSize } from "./admission.mjs";
import { RateWindow, WINDOW_MS } from "./rate-window.mjs";
import { Outbox, backoffMs } from "./outbox.mjs";
import { quotaExceeded, verdictFrom } from "./quota.mjs";
import { batchBody } from "./usage.mjs";

const QUOTA_KEY = "quota";
export const FLUSH_DELAY_MS = 500;
export const QUOTA_RECHECK_MS = 60_000;
export const MAX_BATCHES_PER_FLUSH = 20;

export class LimiterCore {
  /**
   * storage: Durable Object storage (or a fake); now(): ms clock; send(body): resolves the parsed usage reply or throws;
   * schedule(delayMs): asks for flush() to run again after delayMs (the DO sets an alarm); canSend(): a destination is bound;
   * config(): { serverId, plan, ratePerMinute }; newId(): unique id for batches.
   */
  constructor({ storage, now, send, schedule, canSend, config, newId, outbox = {} }) {
    this.storage = storage;
    this.now = now;
    this.send = send;
    this.schedule = schedule;
    this.canSend = canSend;
    this.config = config;
    this.newId = newId;
    this.outbox = new Outbox(storage, outbox);
    this.window = null;
    this.verdict = null;
    this.failures = 0;
    this.flushing = null;
    this.stats = { sentBatches: 0, sentEvents: 0, failedSends: 0, lastError: null };
  }

  async init() {
    this.verdict = (await this.storage.get(QUOTA_KEY)) ?? null;
    await this.outbox.load();
  }

  /**
   * A lease of admissions for tools/call requests (see admission.mjs): quota first (nothing counted when refused),
   * then the rate window, which counts every granted admission over 60 s + LEASE_SPAN_MS.
   * `need` admissions are all-or-none; up to `want` are granted. Returns { ok, granted } or a refusal.
   */
  lease(want, need = 1) {
    const now = this.now();
    const { plan, ratePerMinute } = this.config();
    if (quotaExceeded(this.verdict, now)) return { ok: false, kind: "quota", plan, quota: publicVerdict(this.verdict) };
    if (ratePerMinute === null) return { ok: true, granted: Math.max(want, need) };
    if (!this.window || this.window.limit !== ratePerMinute) this.window = new RateWindow(ratePerMinute, WINDOW_MS + LEASE_SPAN_MS);
    const granted = leaseSize({ want, need, limit: ratePerMinute, available: this.window.available(now) });
    if (granted > 0) {
      this.window.take(granted, now);
      return { ok: true, granted };
    }
    const resetAt = this.window.resetAt(now);
    return {
      ok: false,
      kind: "rate",
      limit: ratePerMinute,
      resetAt,
      retryAfterSeconds: Math.max(1, Math.ceil((resetAt - now) / 1000)),
    };
  }

  /** Admission of exactly `count` calls (a lease of exactly that size). */
  admit(count) {
    return this.lease(count, count);
  }

  /** Appends usage events; returns a promise the caller may keep alive (waitUntil) for an immediate flush. */
  async record(events) {
    if (!Array.isArray(events) || events.length === 0) return;
    await this.outbox.append(events);
    if (!this.canSend()) return;
    if (this.outbox.size >= this.outbox.batchSize) await this.flush({ fullOnly: true });
    else await this.schedule(FLUSH_DELAY_MS);
  }

  /**
   * Sends pending batches until the outbox is empty, a send fails (then backs off), or the per-run bound is reached.
   * With `fullOnly` (a full batch triggered it) only full batches go out; the rest waits for the timer (alarm),
   * so a busy server sends few large batches rather than many small ones.
   */
  flush({ fullOnly = false } = {}) {
    if (!this.flushing) {
      this.flushing = this.#flushOnce(!fullOnly).finally(() => {
        this.flushing = null;
      });
    }
    return this.flushing;
  }

  async #flushOnce(partial) {
    if (!this.canSend()) return { sent: 0, pending: this.outbox.size };
    let sent = 0;
    let heartbeat = partial && quotaExceeded(this.verdict, this.now()) && this.outbox.size === 0;
    for (let round = 0; round < MAX_BATCHES_PER_FLUSH; round++) {
      if (!partial && this.outbox.size < this.outbox.batchSize) break;
      const batch = await this.outbox.peek();
      if (batch.count === 0 && batch.dropped === 0 && !heartbeat) break;
      heartbeat = false;
      const { serverId } = this.config();
      const body = batchBody({ serverId, batchId: this.newId(), events: batch.events, dropped: batch.dropped, sentAt: new Date(this.now()).toISOString() });
      let reply;
      try {
        reply = await this.send(body);
      } catch (error) {
        this.failures++;
        this.stats.failedSends++;
        this.stats.lastError = String(error?.message ?? error);
        await this.schedule(backoffMs(this.failures));
        return { sent, pending: this.outbox.size, failed: true };
      }
      this.failures = 0;
      await this.outbox.ack(batch);
      sent += batch.events.length;
      this.stats.sentBatches++;
      this.stats.sentEvents += batch.events.length;
      if (reply.quota) {
        this.verdict = verdictFrom(reply.quota, this.now());
        await this.storage.put(QUOTA_KEY, this.verdict);
      }
    }
    if (this.outbox.size > 0) await this.schedule(FLUSH_DELAY_MS);
    else if (quotaExceeded(this.verdict, this.now())) await this.schedule(QUOTA_RECHECK_MS);
    return { sent, pending: this.outbox.size, failed: false };
  }

  status() {
    return {
      pending: this.outbox.size,
      dropped: this.outbox.dropped,
      failures: this.failures,
      quota: publicVerdict(this.verdict),
      quotaExceeded: quotaExceeded(this.verdict, this.now()),
      ...this.stats,
    };
  }
}

function publicVerdict(verdict) {
  return verdict ? { limit: verdict.limit, used: verdict.used, exceeded: verdict.exceeded, month: verdict.month } : null;
}
