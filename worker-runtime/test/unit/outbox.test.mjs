import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Outbox, backoffMs } from "../../src/outbox.mjs";
import { MemoryStorage } from "../helpers/memory-storage.mjs";

const ev = (n) => ({ eventId: `e${n}`, tool: "t", ok: true });

describe("usage outbox", () => {
  it("keeps events in order until acknowledged", async () => {
    const storage = new MemoryStorage();
    const outbox = new Outbox(storage, { batchSize: 2 });
    await outbox.append([ev(1), ev(2), ev(3)]);
    let batch = await outbox.peek();
    assert.deepEqual(batch.events.map((e) => e.eventId), ["e1", "e2"]);
    batch = await outbox.peek(); // peeking twice removes nothing
    assert.deepEqual(batch.events.map((e) => e.eventId), ["e1", "e2"]);
    await outbox.ack(batch);
    batch = await outbox.peek();
    assert.deepEqual(batch.events.map((e) => e.eventId), ["e3"]);
    await outbox.ack(batch);
    assert.equal(outbox.size, 0);
    assert.deepEqual(storage.keysWithPrefix("outbox:ev:"), []);
  });

  it("survives a restart (state lives in storage, not memory)", async () => {
    const storage = new MemoryStorage();
    await new Outbox(storage).append([ev(1), ev(2)]);
    const reopened = new Outbox(storage);
    await reopened.load();
    assert.equal(reopened.size, 2);
    assert.deepEqual((await reopened.peek()).events.map((e) => e.eventId), ["e1", "e2"]);
  });

  it("drops the oldest past the bound, counts them, and reports the count once", async () => {
    const storage = new MemoryStorage();
    const outbox = new Outbox(storage, { maxEvents: 3, batchSize: 10 });
    await outbox.append([ev(1), ev(2)]);
    assert.equal(await outbox.append([ev(3), ev(4), ev(5)]), 2);
    assert.equal(outbox.size, 3);
    assert.equal(outbox.dropped, 2);
    const batch = await outbox.peek();
    assert.deepEqual(batch.events.map((e) => e.eventId), ["e3", "e4", "e5"]);
    assert.equal(batch.dropped, 2);
    assert.equal(storage.keysWithPrefix("outbox:ev:").length, 3);
    await outbox.ack(batch);
    assert.equal(outbox.dropped, 0);
    assert.equal((await outbox.peek()).dropped, 0);
  });

  it("drops inside one oversized append too (never stores more than the bound)", async () => {
    const storage = new MemoryStorage();
    const outbox = new Outbox(storage, { maxEvents: 2 });
    const events = Array.from({ length: 300 }, (_, i) => ev(i));
    assert.equal(await outbox.append(events), 298);
    assert.equal(storage.keysWithPrefix("outbox:ev:").length, 2);
    assert.deepEqual((await outbox.peek()).events.map((e) => e.eventId), ["e298", "e299"]);
  });

  it("an ack after drops during the send removes only what is still there", async () => {
    const outbox = new Outbox(new MemoryStorage(), { maxEvents: 3, batchSize: 3 });
    await outbox.append([ev(1), ev(2), ev(3)]);
    const batch = await outbox.peek();
    await outbox.append([ev(4), ev(5)]); // e1, e2 dropped while the batch was in flight
    await outbox.ack(batch);
    assert.deepEqual((await outbox.peek()).events.map((e) => e.eventId), ["e4", "e5"]);
    assert.equal(outbox.dropped, 2); // the batch reported 0 drops; the 2 new ones are still to report
  });

  it("a batch keeps its id until acknowledged (a resend after a lost reply is the same batch); the next gets a new one", async () => {
    const storage = new MemoryStorage();
    let n = 0;
    const outbox = new Outbox(storage, { maxEvents: 2, newId: () => `epoch${++n}` });
    await outbox.append([ev(1), ev(2), ev(3)]);
    const first = await outbox.peek();
    assert.equal(first.batchId, "epoch1:0");
    await outbox.append([ev(4)]); // one more drop while the reply was lost
    const again = await outbox.peek();
    assert.equal(again.batchId, "epoch1:0", "same id: the platform keeps the larger drop count of the two, once");
    assert.equal(again.dropped, 2);
    await outbox.ack(again);
    assert.equal((await outbox.peek()).batchId, "epoch1:1");
    const reopened = new Outbox(storage, { newId: () => "other" });
    assert.equal((await reopened.peek()).batchId, "epoch1:1", "the epoch is stored with the outbox");
  });

  it("an outbox stored before batch ids existed gets an epoch and keeps its events", async () => {
    const storage = new MemoryStorage();
    await storage.put("outbox:meta", { head: 0, tail: 1, dropped: 0 });
    await storage.put("outbox:ev:000000000000000", ev(1));
    const outbox = new Outbox(storage, { newId: () => "fresh" });
    const batch = await outbox.peek();
    assert.equal(batch.batchId, "fresh:0");
    assert.deepEqual(batch.events.map((e) => e.eventId), ["e1"]);
  });

  it("backs off 1 s doubling to 5 min, with jitter", () => {
    assert.equal(backoffMs(1, () => 0), 1000);
    assert.equal(backoffMs(2, () => 0), 2000);
    assert.equal(backoffMs(4, () => 0), 8000);
    assert.equal(backoffMs(30, () => 0), 300_000);
    assert.equal(backoffMs(1, () => 1), 1200);
  });
});
