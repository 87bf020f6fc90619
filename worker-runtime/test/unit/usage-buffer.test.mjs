import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { BUFFER_MAX, UsageBuffer } from "../../src/usage-buffer.mjs";

describe("usage buffer (per isolate)", () => {
  it("sends the events of several calls after a short delay, in one group, once", async () => {
    const sent = [];
    const kept = [];
    const buffer = new UsageBuffer(async (events) => sent.push(events), 5);
    buffer.push({ n: 1 }, (p) => kept.push(p));
    buffer.push({ n: 2 }, (p) => kept.push(p));
    assert.equal(sent.length, 0);
    await Promise.all(kept);
    assert.deepEqual(sent, [[{ n: 1 }, { n: 2 }]]);
  });

  it("sends at once when the buffer is full", async () => {
    const sent = [];
    const kept = [];
    const buffer = new UsageBuffer(async (events) => sent.push(events.length), 200);
    for (let i = 0; i < BUFFER_MAX; i++) buffer.push({ n: i }, (p) => kept.push(p));
    await kept.at(-1);
    assert.deepEqual(sent, [BUFFER_MAX], "sent before the 200 ms timer");
    await Promise.all(kept);
  });

  it("a failed send never throws to the call; its events are sent again shortly, within the same request", async () => {
    let failures = 2;
    const sent = [];
    const kept = [];
    const buffer = new UsageBuffer(async (events) => {
      if (failures-- > 0) throw new Error("limiter unreachable");
      sent.push(events.map((e) => e.n));
    }, 2, [1, 1, 1]);
    buffer.push({ n: 1 }, (p) => kept.push(p));
    await Promise.all(kept);
    assert.deepEqual(sent, [[1]], "delivered by the retries, with no later call needed");
  });

  it("past its retries, a failed group waits for the next one", async () => {
    let fail = true;
    const sent = [];
    const kept = [];
    const buffer = new UsageBuffer(async (events) => {
      if (fail) throw new Error("limiter unreachable");
      sent.push(events.map((e) => e.n));
    }, 2, [1]);
    buffer.push({ n: 1 }, (p) => kept.push(p));
    await Promise.all(kept);
    assert.deepEqual(sent, []);
    fail = false;
    buffer.push({ n: 2 }, (p) => kept.push(p));
    await Promise.all(kept);
    assert.deepEqual(sent, [[1, 2]]);
  });

  it("one timer per group: only the request that starts a group waits for it", async () => {
    const sent = [];
    const waits = [0, 0, 0];
    const buffer = new UsageBuffer(async (events) => sent.push(events.length), 5);
    buffer.push({}, () => waits[0]++);
    buffer.push({}, () => waits[1]++);
    buffer.push({}, () => waits[2]++);
    assert.deepEqual(waits, [1, 0, 0]);
    await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(sent, [3]);
  });
});
