// The per-server limiter's logic, free of Durable Object plumbing so node can test it:
// the exact per-minute window, the monthly-quota policy (quota.mjs), and the usage outbox with its flushing.

import { LEASE_SPAN_MS, leaseSize } from "./admission.mjs";
import { RateWindow, WINDOW_MS } from "./rate-window.mjs";
import { Outbox, backoffMs } from "./outbox.mjs";
import { QUOTA_TRUST_MS, quotaExceeded, quotaStanding, verdictFrom } from "./quota.mjs";
import { RecentCounts } from "./recent-counts.mjs";
import { REFUSAL_KINDS, batchBody } from "./usage.mjs";

const QUOTA_KEY = "quota";
const FAILURES_KEY = "usage:failures"; // kept so a restarted object still honours the backoff
export const FLUSH_DELAY_MS = 500;
export const QUOTA_RECHECK_MS = 60_000;
export const MAX_BATCHES_PER_FLUSH = 20;
/** How long an admitted call counts as running (admitted, its event not recorded yet) for the quota projection. */
export const IN_FLIGHT_MS = 30_000;
/** Refused calls recorded as usage events per minute when the server has no per-minute limit. */
export const DEFAULT_REFUSAL_RECORDS_PER_MINUTE = 60;

export class LimiterCore {
  /**
   * storage: Durable Object storage (or a fake); now(): ms clock; send(body): resolves the parsed usage reply or throws;
   * schedule(delayMs, { replace }): asks for alarm() after delayMs (the DO sets an alarm; an earlier one stays unless
   * replace), schedule(null) cancels it; canSend(): a destination is bound;
   * config(): { serverId, plan, ratePerMinute }; newId(): unique id; trustMs: the quota verdict's trust window;
   * random(): for the backoff's jitter.
   */
  constructor({ storage, now, send, schedule, canSend, config, newId, outbox = {}, trustMs = QUOTA_TRUST_MS, random = Math.random }) {
    this.storage = storage;
    this.now = now;
    this.send = send;
    this.scheduleRaw = schedule;
    this.canSend = canSend;
    this.config = config;
    this.newId = newId;
    this.trustMs = trustMs;
    this.random = random;
    this.outbox = new Outbox(storage, { newId, ...outbox });
    this.window = null;
    this.refusals = null; // RateWindow of refused calls recorded as events
    this.recent = new RecentCounts(IN_FLIGHT_MS);
    this.pendingRefusals = 0; // refusal events in the outbox (they never count toward the quota)
    this.verdict = null;
    this.failures = 0;
    this.failuresStored = false;
    this.flushing = null;
    this.nextAttemptAt = null;
    this.lastDeliveryAt = null;
    this.stats = { sentBatches: 0, sentEvents: 0, failedSends: 0, lastError: null };
  }

  async init() {
    this.verdict = (await this.storage.get(QUOTA_KEY)) ?? null;
    this.failures = (await this.storage.get(FAILURES_KEY)) ?? 0;
    this.failuresStored = this.failures > 0;
    await this.outbox.load();
  }

  /** The quota policy's view now (quota.mjs): the last verdict plus the calls it does not include yet. */
  standing(now = this.now()) {
    const waiting = Math.max(0, this.outbox.size - this.pendingRefusals);
    const running = Math.max(0, this.recent.sum(now, "granted") - this.recent.sum(now, "recorded"));
    return quotaStanding(this.verdict, waiting + running, now, this.trustMs);
  }

  /**
   * A lease of admissions for tools/call requests (see admission.mjs): quota first (refused calls take nothing from
   * the rate window), then the rate window, which counts every granted admission over 60 s + LEASE_SPAN_MS.
   * `need` admissions are all-or-none; up to `want` are granted, and near the quota no more than `need`.
   * Returns { ok, granted } or a refusal; a quota refusal says how many of the refused calls to record as events.
   */
  lease(want, need = 1) {
    const now = this.now();
    const { plan, ratePerMinute } = this.config();
    const quota = this.standing(now);
    if (quota.limited && quota.remaining < need) {
      return {
        ok: false,
        kind: "quota",
        reason: quota.reason ?? quota.bound,
        plan,
        quota: { limit: quota.limit, used: quota.used, base: quota.base, exceeded: (quota.reason ?? quota.bound) === "exceeded", ageMs: quota.ageMs },
        record: this.#refusalRecords(need, ratePerMinute, now),
      };
    }
    // Near the quota, leases are exact: an admission leased and never used would count as a call until it expires.
    const quotaCap = quota.limited ? Math.min(quota.remaining, Math.max(need, Math.floor(quota.remaining / 20))) : Infinity;
    let granted;
    if (ratePerMinute === null) {
      granted = Math.min(Math.max(want, need), quotaCap);
    } else {
      if (!this.window || this.window.limit !== ratePerMinute) this.window = new RateWindow(ratePerMinute, WINDOW_MS + LEASE_SPAN_MS);
      granted = leaseSize({ want, need, limit: ratePerMinute, available: Math.min(this.window.available(now), quotaCap) });
      if (granted > 0) {
        this.window.take(granted, now);
      } else {
        const resetAt = this.window.resetAt(now);
        return {
          ok: false,
          kind: "rate",
          limit: ratePerMinute,
          resetAt,
          retryAfterSeconds: Math.max(1, Math.ceil((resetAt - now) / 1000)),
        };
      }
    }
    this.recent.add(now, "granted", granted);
    return { ok: true, granted };
  }

  /** Admission of exactly `count` calls (a lease of exactly that size). */
  admit(count) {
    return this.lease(count, count);
  }

  /** How many of `count` refused calls are recorded: at most the per-minute limit (or 60) a minute, so refusals stay cheap. */
  #refusalRecords(count, ratePerMinute, now) {
    const limit = ratePerMinute ?? DEFAULT_REFUSAL_RECORDS_PER_MINUTE;
    if (!this.refusals || this.refusals.limit !== limit) this.refusals = new RateWindow(limit);
    const n = Math.min(count, this.refusals.available(now));
    if (n > 0) this.refusals.take(n, now);
    return n;
  }

  /**
   * Appends usage events. While the usage endpoint is failing, only appends: the backoff's alarm retries (a nudge,
   * flushNow, retries at once). Otherwise a full batch is sent now and a partial one after FLUSH_DELAY_MS.
   */
  async record(events) {
    if (!Array.isArray(events) || events.length === 0) return;
    const now = this.now();
    const refusals = events.filter((e) => REFUSAL_KINDS.has(e?.errorKind)).length;
    this.pendingRefusals += refusals;
    this.recent.add(now, "recorded", events.length - refusals);
    await this.outbox.append(events);
    this.pendingRefusals = Math.min(this.pendingRefusals, this.outbox.size);
    if (!this.canSend() || this.failures > 0) return;
    if (this.outbox.size >= this.outbox.batchSize) await this.flush({ fullOnly: true });
    else await this.#schedule(FLUSH_DELAY_MS);
  }

  /**
   * Sends pending batches until the outbox is empty, a send fails (then backs off), or the per-run bound is reached.
   * With `fullOnly` (a full batch triggered it) only full batches go out; the rest waits for the timer (alarm),
   * so a busy server sends few large batches rather than many small ones. With `askVerdict` an empty outbox still
   * sends one empty batch, which asks the endpoint for a fresh verdict.
   */
  flush({ fullOnly = false, askVerdict = false } = {}) {
    if (!this.flushing) {
      this.flushing = this.#flushOnce(!fullOnly, askVerdict).finally(() => {
        this.flushing = null;
      });
    }
    return this.flushing;
  }

  /**
   * The usage endpoint says it is (back) up: forget the backoff, deliver what waits and ask for a fresh verdict now.
   * Resolves when that run ended (the rest, past MAX_BATCHES_PER_FLUSH batches, follows FLUSH_DELAY_MS later).
   */
  async flushNow() {
    this.failures = 0;
    if (this.flushing) await this.flushing;
    const result = await this.flush({ askVerdict: true });
    return { ...result, ...this.status() };
  }

  async #flushOnce(partial, askVerdict) {
    if (!this.canSend()) return { sent: 0, pending: this.outbox.size };
    let sent = 0;
    let heartbeat = partial && this.outbox.size === 0 && (askVerdict || quotaExceeded(this.verdict, this.now()));
    for (let round = 0; round < MAX_BATCHES_PER_FLUSH; round++) {
      if (!partial && this.outbox.size < this.outbox.batchSize) break;
      const batch = await this.outbox.peek();
      if (batch.count === 0 && batch.dropped === 0 && !heartbeat) break;
      heartbeat = false;
      const { serverId } = this.config();
      const body = batchBody({ serverId, batchId: batch.batchId, events: batch.events, dropped: batch.dropped, sentAt: new Date(this.now()).toISOString() });
      let reply;
      try {
        reply = await this.send(body);
      } catch (error) {
        this.failures++;
        this.stats.failedSends++;
        this.stats.lastError = String(error?.message ?? error);
        this.failuresStored = true;
        await this.storage.put(FAILURES_KEY, this.failures);
        await this.#schedule(backoffMs(this.failures, this.random), { replace: true });
        return { sent, pending: this.outbox.size, failed: true };
      }
      await this.#clearFailures();
      this.lastDeliveryAt = this.now();
      // The new verdict and the acknowledgement land in the same turn: the projection never counts a call twice.
      if (reply.quota) this.verdict = verdictFrom(reply.quota, this.now());
      this.pendingRefusals = Math.max(0, this.pendingRefusals - batch.events.filter((e) => REFUSAL_KINDS.has(e?.errorKind)).length);
      await this.outbox.ack(batch);
      if (reply.quota) await this.storage.put(QUOTA_KEY, this.verdict);
      sent += batch.events.length;
      this.stats.sentBatches++;
      this.stats.sentEvents += batch.events.length;
    }
    if (this.outbox.size > 0) await this.#schedule(FLUSH_DELAY_MS);
    else if (quotaExceeded(this.verdict, this.now())) await this.#schedule(QUOTA_RECHECK_MS);
    else if (this.nextAttemptAt !== null) {
      // Delivered everything: a retry still pending (a backoff) has nothing left to do.
      this.nextAttemptAt = null;
      await this.scheduleRaw(null);
    }
    return { sent, pending: this.outbox.size, failed: false };
  }

  async #clearFailures() {
    this.failures = 0;
    if (this.failuresStored) {
      this.failuresStored = false;
      await this.storage.delete(FAILURES_KEY);
    }
  }

  /** Asks for a flush after delayMs: an earlier pending attempt stays, unless `replace` (a backoff replaces it). */
  async #schedule(delayMs, { replace = false } = {}) {
    const now = this.now();
    const at = now + delayMs;
    if (!replace && this.nextAttemptAt !== null && this.nextAttemptAt > now && this.nextAttemptAt <= at) return;
    this.nextAttemptAt = at;
    await this.scheduleRaw(delayMs, { replace });
  }

  /** The alarm fired (or a test's timer): the pending attempt is now. */
  async alarm() {
    this.nextAttemptAt = null;
    return this.flush();
  }

  status() {
    const now = this.now();
    const quota = this.standing(now);
    return {
      pending: this.outbox.size,
      dropped: this.outbox.dropped,
      failures: this.failures,
      nextAttemptAt: this.nextAttemptAt !== null && this.nextAttemptAt > now ? new Date(this.nextAttemptAt).toISOString() : null,
      lastDeliveryAt: this.lastDeliveryAt !== null ? new Date(this.lastDeliveryAt).toISOString() : null,
      quota: publicVerdict(this.verdict),
      quotaExceeded: quotaExceeded(this.verdict, now),
      projected: quota.limited ? { used: quota.used, remaining: quota.remaining, refusing: quota.reason, stale: quota.stale } : null,
      ...this.stats,
    };
  }
}

function publicVerdict(verdict) {
  return verdict
    ? { limit: verdict.limit, used: verdict.used, exceeded: verdict.exceeded, month: verdict.month, receivedAt: new Date(verdict.receivedAt).toISOString() }
    : null;
}
