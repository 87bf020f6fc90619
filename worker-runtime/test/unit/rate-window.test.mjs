import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { RateWindow } from "../../src/rate-window.mjs";

describe("rate window (exact sliding minute)", () => {
  it("admits exactly `limit` calls within any 60 s, then refuses until the oldest leaves", () => {
    const w = new RateWindow(3);
    assert.equal(w.take(1, 0).ok, true);
    assert.equal(w.take(1, 10_000).ok, true);
    assert.equal(w.take(1, 20_000).ok, true);
    const refused = w.take(1, 30_000);
    assert.equal(refused.ok, false);
    assert.equal(refused.resetAt, 60_000);
    assert.equal(refused.remaining, 0);
    assert.equal(w.take(1, 59_999).ok, false);
    assert.equal(w.take(1, 60_000).ok, true); // the call at 0 left the window
    assert.equal(w.take(1, 60_001).ok, false);
    assert.equal(w.take(1, 70_000).ok, true);
  });

  it("has no boundary burst: a fixed-minute window would allow 2x around the minute, this one does not", () => {
    const w = new RateWindow(5);
    for (let i = 0; i < 5; i++) assert.equal(w.take(1, 59_000).ok, true);
    assert.equal(w.take(1, 61_000).ok, false);
    assert.equal(w.take(1, 118_999).ok, false);
    assert.equal(w.take(1, 119_000).ok, true);
  });

  it("takes several at once all-or-none", () => {
    const w = new RateWindow(4);
    assert.equal(w.take(3, 0).ok, true);
    assert.equal(w.take(2, 1).ok, false);
    assert.equal(w.take(1, 2).ok, true);
    assert.equal(w.take(5, 100_000).ok, false);
  });

  it("refuses a non-positive limit", () => {
    assert.throws(() => new RateWindow(0));
  });
});

describe("rate window memory", () => {
  it("a very large limit costs nothing up front, and expired admissions are released", () => {
    const w = new RateWindow(1_000_000_000);
    for (let i = 0; i < 5000; i++) assert.equal(w.take(1, i).ok, true);
    assert.equal(w.count, 5000);
    assert.equal(w.take(1, 120_000).ok, true);
    assert.equal(w.count, 1);
    assert.ok(w.times.length < 5000, "compacted");
  });
});
