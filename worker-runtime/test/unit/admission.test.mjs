import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { AdmissionPool, LEASE_SPAN_MS, LEASE_USE_MS, leaseSize } from "../../src/admission.mjs";
import { LimiterCore } from "../../src/limiter-core.mjs";
import { MemoryStorage } from "../helpers/memory-storage.mjs";

describe("admission leases", () => {
  it("leaseSize: demand, the limit/20 cap, what is left, all-or-none for a batch", () => {
    assert.equal(leaseSize({ want: 10, need: 1, limit: 600, available: 600 }), 10);
    assert.equal(leaseSize({ want: 100, need: 1, limit: 600, available: 600 }), 30);
    assert.equal(leaseSize({ want: 10, need: 1, limit: 600, available: 4 }), 4);
    assert.equal(leaseSize({ want: 1, need: 5, limit: 60, available: 60 }), 5);
    assert.equal(leaseSize({ want: 1, need: 5, limit: 60, available: 4 }), 0);
    assert.equal(leaseSize({ want: 1, need: 1, limit: 60, available: 0 }), 0);
  });

  it("the pool spends leased admissions all-or-none, and forgets them after LEASE_USE_MS", () => {
    const clock = { t: 0 };
    const pool = new AdmissionPool(() => clock.t);
    assert.equal(pool.take(1), false);
    pool.add(3);
    assert.equal(pool.take(2), true);
    assert.equal(pool.take(2), false);
    assert.equal(pool.take(1), true);
    assert.equal(pool.take(1), false);
    pool.add(5);
    clock.t += LEASE_USE_MS;
    assert.equal(pool.take(1), false, "expired");
    assert.ok(LEASE_SPAN_MS > LEASE_USE_MS);
  });

  it("asks for about the last second's demand", () => {
    const clock = { t: 0 };
    const pool = new AdmissionPool(() => clock.t);
    assert.equal(pool.want(1), 1);
    pool.add(10);
    for (let i = 0; i < 10; i++) pool.take(1);
    assert.equal(pool.want(1), 11);
    clock.t += 1500;
    assert.equal(pool.want(2), 2);
  });

  it("across isolates, calls never exceed the limit in any 60 s of call times (simulation)", async () => {
    const clock = { t: 0 };
    const limit = 100;
    const core = new LimiterCore({
      storage: new MemoryStorage(),
      now: () => clock.t,
      send: async () => ({ accepted: 0, quota: null }),
      schedule: async () => {},
      canSend: () => false,
      config: () => ({ serverId: "s", plan: "pro", ratePerMinute: limit }),
      newId: () => "b",
    });
    await core.init();
    const pools = [0, 1, 2].map(() => new AdmissionPool(() => clock.t));
    const calls = [];
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let step = 0; step < 20_000; step++) {
      clock.t += Math.floor(random() * 40);
      const pool = pools[Math.floor(random() * pools.length)];
      if (pool.take(1)) {
        calls.push(clock.t);
        continue;
      }
      const verdict = core.lease(pool.want(1), 1);
      if (verdict.ok) {
        pool.add(verdict.granted);
        assert.equal(pool.take(1), true);
        calls.push(clock.t);
      }
    }
    let max = 0;
    for (let i = 0, j = 0; i < calls.length; i++) {
      while (calls[j] <= calls[i] - 60_000) j++;
      max = Math.max(max, i - j + 1);
    }
    assert.ok(max <= limit, `at most ${limit} calls in any 60 s, saw ${max}`);
    assert.ok(max >= limit * 0.8, `and not far below it (saw ${max})`);
  });
});
