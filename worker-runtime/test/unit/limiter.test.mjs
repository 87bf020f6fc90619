import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { FLUSH_DELAY_MS, LimiterCore, QUOTA_RECHECK_MS } from "../../src/limiter-core.mjs";
import { monthOf, parseUsageReply, quotaExceeded, quotaMessage } from "../../src/quota.mjs";
import { MemoryStorage } from "../helpers/memory-storage.mjs";

function harness({ ratePerMinute = 3, plan = "free", canSend = true, maxEvents, batchSize } = {}) {
  const clock = { t: Date.UTC(2026, 10, 25, 12, 0, 0) };
  const sent = [];
  const scheduled = [];
  const platform = { up: true, quota: { limit: 5000, used: 10, exceeded: false } };
  let id = 0;
  const storage = new MemoryStorage();
  const core = new LimiterCore({
    storage,
    now: () => clock.t,
    send: async (body) => {
      if (!platform.up) throw new Error("connection refused");
      sent.push(structuredClone(body));
      return { accepted: body.events.length, quota: platform.quota };
    },
    schedule: async (ms) => scheduled.push(ms),
    canSend: () => canSend,
    config: () => ({ serverId: "o/r/s", plan, ratePerMinute }),
    newId: () => `b${++id}`,
    outbox: { maxEvents, batchSize },
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
    await h.core.flush();
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
