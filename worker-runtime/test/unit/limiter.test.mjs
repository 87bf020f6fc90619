import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DEFAULT_REFUSAL_RECORDS_PER_MINUTE, FLUSH_DELAY_MS, LimiterCore, QUOTA_RECHECK_MS } from "../../src/limiter-core.mjs";
import { QUOTA_TRUST_MS, monthOf, parseUsageReply, quotaExceeded, quotaMessage, quotaStanding, staleAllowance, unverifiedMessage } from "../../src/quota.mjs";
import { REFUSAL_KINDS } from "../../src/usage.mjs";
import { MemoryStorage } from "../helpers/memory-storage.mjs";

function harness({ ratePerMinute = 3, plan = "free", canSend = true, maxEvents, batchSize, trustMs } = {}) {
  const clock = { t: Date.UTC(2026, 10, 25, 12, 0, 0) };
  const sent = [];
  const scheduled = [];
  // The platform: counts each delivered event once (by id), refusals never toward the quota, like the real ingest.
  const platform = { up: true, loseReply: false, attempts: 0, quota: { limit: 5000, used: 10, exceeded: false }, counted: new Set(), live: null };
  let id = 0;
  const storage = new MemoryStorage();
  const core = new LimiterCore({
    storage,
    now: () => clock.t,
    send: async (body) => {
      platform.attempts++;
      if (!platform.up) throw new Error("connection refused");
      sent.push(structuredClone(body));
      if (platform.live) {
        for (const e of body.events) if (!REFUSAL_KINDS.has(e.errorKind)) platform.counted.add(e.eventId);
        const used = platform.live.base + platform.counted.size;
        platform.quota = { limit: platform.live.limit, used, exceeded: platform.live.limit !== null && used >= platform.live.limit };
      }
      if (platform.loseReply) throw new Error("reply lost");
      return { accepted: body.events.length, quota: platform.quota };
    },
    schedule: async (ms) => scheduled.push(ms),
    canSend: () => canSend,
    config: () => ({ serverId: "o/r/s", plan, ratePerMinute }),
    newId: () => `b${++id}`,
    outbox: { maxEvents, batchSize },
    trustMs,
    random: () => 0,
  });
  return { core, clock, sent, scheduled, platform, storage };
}

const event = (n) => ({ eventId: `e${n}`, serverId: "o/r/s", tool: "t", keyId: "k", ok: true, errorKind: null, durationMs: 1, ts: "x" });

describe("limiter: rate window verdicts", () => {
  it("admits up to the limit, then refuses with the limit and when it resets (grants count for 60 s + the lease span)", async () => {
    const { core, clock } = harness({ ratePerMinute: 2 });
    await core.init();
    assert.equal(core.admit(1).ok, true);
    clock.t += 1000;
    assert.equal(core.admit(1).ok, true);
    const refused = core.admit(1);
    assert.deepEqual({ ok: refused.ok, kind: refused.kind, limit: refused.limit }, { ok: false, kind: "rate", limit: 2 });
    assert.equal(refused.retryAfterSeconds, 61);
    clock.t += 60_000;
    assert.equal(core.admit(1).ok, false);
    clock.t += 1_000;
    assert.equal(core.admit(1).ok, true);
  });

  it("leases are sized by demand, capped at limit/20, never past what the window has left", async () => {
    const { core } = harness({ ratePerMinute: 600 });
    await core.init();
    assert.equal(core.lease(1, 1).granted, 1);
    assert.equal(core.lease(50, 1).granted, 30);
    const small = harness({ ratePerMinute: 5 });
    await small.core.init();
    assert.equal(small.core.lease(10, 1).granted, 1, "small limits lease one at a time");
    assert.equal(small.core.lease(10, 3).granted, 3, "a batch of 3 needs 3 at once");
    assert.equal(small.core.lease(10, 2).ok, false, "only 1 left: a batch of 2 is refused whole");
    assert.equal(small.core.lease(10, 1).granted, 1);
  });

  it("no limit (enterprise default) admits everything", async () => {
    const { core } = harness({ ratePerMinute: null });
    await core.init();
    for (let i = 0; i < 1000; i++) assert.equal(core.admit(1).ok, true);
  });
});

describe("limiter: monthly quota verdict", () => {
  it("stores the verdict from the usage reply and refuses while exceeded, without counting the rate", async () => {
    const { core, platform, clock } = harness({ ratePerMinute: 1, plan: "free" });
    await core.init();
    platform.quota = { limit: 5000, used: 5000, exceeded: true };
    await core.record([event(1)]);
    await core.flush();
    const verdict = core.admit(1);
    assert.equal(verdict.ok, false);
    assert.equal(verdict.kind, "quota");
    assert.equal(verdict.plan, "free");
    assert.deepEqual({ limit: verdict.quota.limit, exceeded: verdict.quota.exceeded }, { limit: 5000, exceeded: true });
    assert.match(quotaMessage("free", verdict.quota), /plan 'free' allows 5,000 tool calls per month.*upgrade/);
    // a new month clears a stale verdict
    clock.t = Date.UTC(2026, 11, 1, 0, 0, 1);
    assert.equal(core.admit(1).ok, true);
  });

  it("the verdict survives a restart (stored), and a later reply lifts it", async () => {
    const h = harness();
    await h.core.init();
    h.platform.quota = { limit: 10, used: 10, exceeded: true };
    await h.core.record([event(1)]);
    await h.core.flush();
    const again = new LimiterCore({ ...h.core, storage: h.storage, outbox: {} });
    await again.init();
    assert.equal(again.admit(1).kind, "quota");
    h.platform.quota = { limit: 100_000, used: 10, exceeded: false }; // upgraded
    await h.core.flush(); // outbox empty and exceeded: a heartbeat batch asks for a fresh verdict
    assert.equal(h.sent.at(-1).events.length, 0);
    assert.equal(h.core.admit(1).ok, true);
  });

  it("while exceeded and idle, re-checks the verdict periodically", async () => {
    const h = harness();
    await h.core.init();
    h.platform.quota = { limit: 10, used: 11, exceeded: true };
    await h.core.record([event(1)]);
    await h.core.alarm(); // the flush timer
    assert.equal(h.scheduled.at(-1), QUOTA_RECHECK_MS);
  });

  it("parses replies strictly", () => {
    assert.deepEqual(parseUsageReply({ accepted: 2, quota: { limit: 5, used: 1, exceeded: false } }), { accepted: 2, quota: { limit: 5, used: 1, exceeded: false } });
    assert.deepEqual(parseUsageReply({ accepted: 2 }), { accepted: 2, quota: null });
    assert.equal(parseUsageReply("nope"), null);
    assert.equal(quotaExceeded({ exceeded: true, month: monthOf(0) }, 0), true);
    assert.equal(quotaExceeded(null, 0), false);
  });
});

describe("limiter: usage outbox flushing", () => {
  it("schedules a flush after recording, sends one batch with the contract's shape", async () => {
    const { core, sent, scheduled } = harness();
    await core.init();
    await core.record([event(1), event(2)]);
    assert.deepEqual(scheduled, [FLUSH_DELAY_MS]);
    await core.flush();
    assert.equal(sent.length, 1);
    assert.deepEqual(Object.keys(sent[0]).sort(), ["batchId", "contractVersion", "dropped", "events", "sentAt", "serverId"]);
    assert.equal(sent[0].serverId, "o/r/s");
    assert.deepEqual(sent[0].events.map((e) => e.eventId), ["e1", "e2"]);
    assert.equal(core.status().pending, 0);
  });

  it("flushes full batches at once; a partial rest waits for the timer", async () => {
    const { core, sent, scheduled } = harness({ batchSize: 2 });
    await core.init();
    await core.record([event(1), event(2), event(3)]);
    assert.deepEqual(sent.map((b) => b.events.length), [2]);
    assert.equal(core.status().pending, 1);
    assert.equal(scheduled.at(-1), FLUSH_DELAY_MS);
    await core.flush(); // the timer
    assert.deepEqual(sent.map((b) => b.events.length), [2, 1]);
  });

  it("keeps events while the platform is down, backs off, and delivers each event once when it is back", async () => {
    const { core, sent, scheduled, platform } = harness();
    await core.init();
    platform.up = false;
    await core.record([event(1)]);
    let result = await core.flush();
    assert.equal(result.failed, true);
    await core.record([event(2)]);
    result = await core.flush();
    assert.equal(result.failed, true);
    assert.deepEqual(scheduled.filter((ms) => ms !== FLUSH_DELAY_MS).map((ms) => ms >= 1000), [true, true]);
    assert.ok(scheduled.at(-1) >= 2000, "second failure waits longer");
    assert.equal(core.status().pending, 2);
    platform.up = true;
    await core.flush();
    assert.deepEqual(sent.flatMap((b) => b.events.map((e) => e.eventId)), ["e1", "e2"]);
    assert.equal(core.status().failures, 0);
    await core.flush();
    assert.equal(sent.length, 1, "nothing sent twice");
  });

  it("reports drops in the next batch once", async () => {
    const { core, sent, platform } = harness({ maxEvents: 2 });
    await core.init();
    platform.up = false;
    await core.record([event(1), event(2), event(3), event(4)]);
    await core.flush();
    platform.up = true;
    await core.flush();
    assert.equal(sent[0].dropped, 2);
    assert.deepEqual(sent[0].events.map((e) => e.eventId), ["e3", "e4"]);
    await core.record([event(5)]);
    await core.flush();
    assert.equal(sent[1].dropped, 0);
  });

  it("keeps events without a destination and never tries to send", async () => {
    const { core, sent, scheduled } = harness({ canSend: false });
    await core.init();
    await core.record([event(1)]);
    await core.flush();
    assert.equal(sent.length, 0);
    assert.equal(scheduled.length, 0);
    assert.equal(core.status().pending, 1);
  });

  it("runs one flush at a time", async () => {
    const { core, sent } = harness();
    await core.init();
    await core.record([event(1)]);
    await Promise.all([core.flush(), core.flush(), core.flush()]);
    assert.equal(sent.length, 1);
  });
});

const MINUTE = 60_000;

/** n calls as a server makes them: admitted, then recorded (the usage buffer's group). */
async function serve(core, n, first = 1000) {
  const outcomes = [];
  for (let i = 0; i < n; i++) {
    const verdict = core.admit(1);
    outcomes.push(verdict.ok ? "served" : `${verdict.kind}:${verdict.reason}`);
    if (verdict.ok) await core.record([event(first + i)]);
  }
  return outcomes;
}

describe("limiter: quota projection (the last verdict plus the calls it does not include yet)", () => {
  it("quota 3 and a first verdict at deploy: calls 1–3 are served and 4–6 refused before any new verdict arrives", async () => {
    const h = harness({ ratePerMinute: 60 });
    h.platform.live = { base: 0, limit: 3 };
    await h.core.init();
    await h.core.flushNow(); // the usage endpoint's nudge at deploy: an empty batch asks for the verdict
    assert.deepEqual(h.sent.map((b) => b.events.length), [0]);
    const attempts = h.platform.attempts;
    assert.deepEqual(await serve(h.core, 6), ["served", "served", "served", "quota:exceeded", "quota:exceeded", "quota:exceeded"]);
    assert.equal(h.platform.attempts, attempts, "refused without asking the endpoint");
  });

  it("calls still running count: 3 admitted and not recorded yet leave no room under a quota of 3", async () => {
    const h = harness({ ratePerMinute: null });
    h.platform.live = { base: 0, limit: 3 };
    await h.core.init();
    await h.core.flushNow();
    for (let i = 0; i < 3; i++) assert.equal(h.core.admit(1).ok, true);
    assert.equal(h.core.admit(1).reason, "exceeded");
    h.clock.t += 31_000; // an admission never recorded stops counting after 30 s (a lease that was not used)
    assert.equal(h.core.admit(1).ok, true);
  });

  it("a verdict counts each delivered call once: never twice (outbox and verdict), never zero times", async () => {
    const h = harness({ ratePerMinute: null });
    h.platform.live = { base: 0, limit: 5 };
    await h.core.init();
    await h.core.flushNow();
    assert.deepEqual(await serve(h.core, 2), ["served", "served"]);
    await h.core.alarm(); // delivered: the verdict now says used 2, the outbox is empty
    assert.equal(h.platform.quota.used, 2);
    assert.equal(h.core.standing().used, 2);
    assert.deepEqual(await serve(h.core, 4, 2000), ["served", "served", "served", "quota:exceeded"]);
    await h.core.alarm();
    assert.deepEqual(h.core.standing().used, 5);
    assert.equal(h.platform.quota.exceeded, true);
  });

  it("other servers of the org count through the verdict: a verdict near the limit leaves only the rest", async () => {
    const h = harness({ ratePerMinute: null });
    h.platform.live = { base: 98, limit: 100 };
    await h.core.init();
    await h.core.flushNow();
    assert.deepEqual(await serve(h.core, 3), ["served", "served", "quota:exceeded"]);
  });

  it("near the quota leases are exact; far from it they follow demand", async () => {
    const near = harness({ ratePerMinute: null });
    near.platform.live = { base: 95, limit: 100 };
    await near.core.init();
    await near.core.flushNow();
    assert.equal(near.core.lease(50, 1).granted, 1);
    const far = harness({ ratePerMinute: null });
    far.platform.live = { base: 0, limit: 100_000 };
    await far.core.init();
    await far.core.flushNow();
    assert.equal(far.core.lease(50, 1).granted, 50);
    assert.equal(far.core.lease(10, 3).granted, 10);
  });

  it("refused calls are recorded as events (bounded per minute) and never count toward the quota", async () => {
    const h = harness({ ratePerMinute: null });
    h.platform.live = { base: 0, limit: 1 };
    await h.core.init();
    await h.core.flushNow();
    assert.deepEqual(await serve(h.core, 1), ["served"]);
    const refused = h.core.admit(1);
    assert.equal(refused.ok, false);
    assert.equal(refused.record, 1);
    await h.core.record([{ ...event(9), ok: false, errorKind: "quota_exceeded" }]);
    assert.equal(h.core.standing().used, 1, "a refusal waiting in the outbox is not a call");
    let recorded = 1;
    for (let i = 0; i < 100; i++) recorded += h.core.admit(1).record;
    assert.equal(recorded, DEFAULT_REFUSAL_RECORDS_PER_MINUTE, "at most 60 refusals a minute become events");
    h.clock.t += MINUTE;
    assert.equal(h.core.admit(1).record, 1);
    await h.core.alarm();
    assert.equal(h.platform.quota.used, 1);
  });

  it("a verdict from last month: its used counts as 0, its limit stays, and exceeded no longer applies", async () => {
    const h = harness({ ratePerMinute: null });
    h.platform.live = { base: 3, limit: 3 };
    await h.core.init();
    await h.core.flushNow();
    assert.equal(h.core.admit(1).reason, "exceeded");
    h.clock.t = Date.UTC(2026, 11, 1, 0, 0, 1);
    h.platform.up = false;
    assert.deepEqual(await serve(h.core, 4), ["served", "served", "served", "quota:exceeded"]);
  });

  it("no verdict yet, or no limit: nothing is refused", async () => {
    const none = harness({ ratePerMinute: null });
    await none.core.init();
    assert.deepEqual(new Set(await serve(none.core, 50)), new Set(["served"]));
    const unlimited = harness({ ratePerMinute: null });
    unlimited.platform.live = { base: 0, limit: null };
    await unlimited.core.init();
    await unlimited.core.flushNow();
    assert.deepEqual(new Set(await serve(unlimited.core, 50)), new Set(["served"]));
  });
});

describe("limiter: the quota verdict's trust window (the usage endpoint unreachable)", () => {
  it("within 15 min the verdict holds; past it the server serves at most a tenth of the limit more, then refuses as unverified", async () => {
    const h = harness({ ratePerMinute: null });
    h.platform.live = { base: 100, limit: 1000 };
    await h.core.init();
    await h.core.flushNow();
    h.platform.up = false;
    h.clock.t += 14 * MINUTE;
    assert.deepEqual(new Set(await serve(h.core, 50)), new Set(["served"]), "inside the window");
    h.clock.t += 2 * MINUTE; // 16 min without a verdict: stale
    assert.equal(staleAllowance(1000), 100);
    const outcomes = await serve(h.core, 60, 5000);
    assert.deepEqual(outcomes.slice(0, 50), Array(50).fill("served"), "50 more: 100 past the last verdict in all");
    assert.deepEqual(new Set(outcomes.slice(50)), new Set(["quota:unverified"]));
    const refusal = h.core.admit(1);
    assert.equal(refusal.quota.exceeded, false);
    assert.match(unverifiedMessage("free", refusal.quota), /cannot be verified: the usage endpoint has not confirmed this server's usage for 16 minute\(s\).*100 calls.*1,000 tool calls per month; 100 were used/);
    // The endpoint is back: the waiting calls are delivered, the fresh verdict lifts the refusal.
    h.platform.up = true;
    await h.core.flushNow();
    assert.equal(h.platform.quota.used, 200);
    assert.equal(h.core.admit(1).ok, true);
  });

  it("the allowance never goes past the limit, and small limits get at least 10 calls", async () => {
    assert.equal(staleAllowance(3), 10);
    assert.equal(staleAllowance(100_000), 10_000);
    const h = harness({ ratePerMinute: null });
    h.platform.live = { base: 995, limit: 1000 };
    await h.core.init();
    await h.core.flushNow();
    h.platform.up = false;
    h.clock.t += QUOTA_TRUST_MS + 1;
    assert.deepEqual(await serve(h.core, 6), ["served", "served", "served", "served", "served", "quota:exceeded"]);
  });

  it("the trust window comes from the options (MCP_USAGE_TRUST_MS in workerd tests)", async () => {
    const h = harness({ ratePerMinute: null, trustMs: 5000 });
    h.platform.live = { base: 0, limit: 1000 };
    await h.core.init();
    await h.core.flushNow();
    h.platform.up = false;
    h.clock.t += 6000;
    const outcomes = await serve(h.core, 101);
    assert.equal(outcomes.at(-1), "quota:unverified");
    assert.equal(outcomes.filter((o) => o === "served").length, 100);
  });

  it("the standing is a pure function of the verdict, the uncounted calls and the clock", () => {
    const now = Date.UTC(2026, 10, 25, 12, 0, 0);
    const verdict = { limit: 10, used: 4, exceeded: false, month: "2026-11", receivedAt: now };
    assert.deepEqual(quotaStanding(null, 5, now), { limited: false, reason: null });
    assert.equal(quotaStanding(verdict, 5, now).remaining, 1);
    assert.equal(quotaStanding(verdict, 6, now).reason, "exceeded");
    assert.equal(quotaStanding({ ...verdict, exceeded: true }, 0, now).reason, "exceeded");
    assert.equal(quotaStanding({ ...verdict, limit: 1000 }, 99, now + QUOTA_TRUST_MS + 1).remaining, 1);
    assert.equal(quotaStanding({ ...verdict, limit: 1000 }, 100, now + QUOTA_TRUST_MS + 1).reason, "unverified");
    assert.equal(quotaStanding({ ...verdict, limit: 1000 }, 100, now + QUOTA_TRUST_MS).reason, null, "the window's last millisecond still trusts");
    assert.equal(quotaStanding({ ...verdict, limit: null }, 10_000, now).limited, false);
  });
});

describe("limiter: backoff, and the endpoint's nudge when it is back", () => {
  it("down for long: the alarm backs off to minutes and traffic does not hammer it; a nudge delivers at once, each event once", async () => {
    const h = harness({ ratePerMinute: null });
    await h.core.init();
    h.platform.up = false;
    await h.core.record([event(1)]);
    assert.equal(h.scheduled.at(-1), FLUSH_DELAY_MS);
    // The alarm fires at each scheduled time; the clock moves with it.
    const delays = [];
    while (h.scheduled.at(-1) < 4 * MINUTE) {
      h.clock.t += h.scheduled.at(-1);
      await h.core.alarm();
      delays.push(h.scheduled.at(-1));
    }
    assert.deepEqual(delays, [1000, 2000, 4000, 8000, 16_000, 32_000, 64_000, 128_000, 256_000]);
    const attempts = h.platform.attempts;
    for (let i = 2; i <= 300; i++) await h.core.record([event(i)]); // traffic while backing off: kept, not sent
    assert.equal(h.platform.attempts, attempts, "no send attempt between alarms");
    const before = h.core.status();
    assert.equal(before.pending, 300);
    assert.equal(before.failures, 9);
    assert.equal(Date.parse(before.nextAttemptAt) - h.clock.t, 256_000);
    h.platform.up = true;
    const after = await h.core.flushNow();
    assert.equal(after.pending, 0);
    assert.equal(after.failures, 0);
    assert.equal(after.nextAttemptAt, null);
    assert.equal(after.lastDeliveryAt, new Date(h.clock.t).toISOString());
    const ids = h.sent.flatMap((b) => b.events.map((e) => e.eventId));
    assert.equal(ids.length, 300);
    assert.equal(new Set(ids).size, 300);
  });

  it("more than one run's worth waiting: the rest follows half a second later", async () => {
    const h = harness({ ratePerMinute: null, batchSize: 2 });
    await h.core.init();
    h.platform.up = false;
    await h.core.record([event(1)]);
    h.clock.t += FLUSH_DELAY_MS;
    await h.core.alarm();
    for (let i = 2; i <= 50; i++) await h.core.record([event(i)]);
    h.platform.up = true;
    const first = await h.core.flushNow();
    assert.equal(first.pending, 10); // 20 batches of 2
    assert.equal(h.scheduled.at(-1), FLUSH_DELAY_MS);
    h.clock.t += FLUSH_DELAY_MS;
    await h.core.alarm();
    assert.equal(h.core.status().pending, 0);
  });

  it("the backoff survives a restart of the object", async () => {
    const h = harness({ ratePerMinute: null });
    await h.core.init();
    h.platform.up = false;
    await h.core.record([event(1)]);
    await h.core.alarm();
    await h.core.alarm();
    const again = new LimiterCore({ ...h.core, storage: h.storage, schedule: async (ms) => h.scheduled.push(ms), outbox: {} });
    again.scheduleRaw = async (ms) => h.scheduled.push(ms);
    await again.init();
    assert.equal(again.status().failures, 2);
    const attempts = h.platform.attempts;
    await again.record([event(2)]);
    assert.equal(h.platform.attempts, attempts, "still backing off after the restart");
    h.platform.up = true;
    await again.flushNow();
    assert.equal(again.status().failures, 0);
    assert.equal(await h.storage.get("usage:failures"), undefined);
  });

  it("a reply lost after the endpoint counted the batch: the resend has the same batch id and the same events", async () => {
    const h = harness({ ratePerMinute: null, maxEvents: 2 });
    await h.core.init();
    h.platform.up = false;
    await h.core.record([event(1), event(2), event(3)]);
    await h.core.alarm();
    h.platform.up = true;
    h.platform.loseReply = true;
    await h.core.flushNow();
    h.platform.loseReply = false;
    await h.core.flushNow();
    assert.equal(h.sent.length, 2);
    assert.equal(h.sent[0].batchId, h.sent[1].batchId);
    assert.equal(h.sent[1].dropped, 1);
    assert.deepEqual(h.sent[1].events.map((e) => e.eventId), ["e2", "e3"]);
    await h.core.record([event(4)]);
    await h.core.alarm();
    assert.notEqual(h.sent.at(-1).batchId, h.sent[0].batchId);
    assert.equal(h.sent.at(-1).dropped, 0);
  });

  it("a nudge with nothing waiting asks for a fresh verdict (an empty batch)", async () => {
    const h = harness({ ratePerMinute: null });
    await h.core.init();
    const status = await h.core.flushNow();
    assert.deepEqual(h.sent.map((b) => [b.events.length, b.dropped]), [[0, 0]]);
    assert.equal(status.quota.limit, 5000);
    assert.equal(status.pending, 0);
  });
});
