// The usage outbox: events kept in durable storage, in order, until the usage endpoint accepted them.
// Bounded: past `maxEvents` the oldest are dropped; the drop count is reported in the next batch.
// Each batch has an id that stays the same until the batch is acknowledged (`<epoch>:<batches acknowledged>`), so a
// batch sent again after a lost reply carries the same id: the platform counts its `dropped` once.
// Storage is anything with get(key | keys), put(key, value | entries), delete(keys): Durable Object storage, or a Map fake in tests.

const META_KEY = "outbox:meta";
const eventKey = (seq) => `outbox:ev:${String(seq).padStart(15, "0")}`;

export const DEFAULT_MAX_EVENTS = 10_000;
export const DEFAULT_BATCH_SIZE = 100; // Durable Object storage reads at most 128 keys at once

export class Outbox {
  constructor(storage, { maxEvents = DEFAULT_MAX_EVENTS, batchSize = DEFAULT_BATCH_SIZE, putOptions, newId = () => crypto.randomUUID() } = {}) {
    this.storage = storage;
    this.putOptions = putOptions;
    this.maxEvents = maxEvents;
    this.batchSize = Math.min(batchSize, 128);
    this.newId = newId;
    this.meta = null; // { head, tail, dropped, epoch, acked }: events are head..tail-1
  }

  async load() {
    if (!this.meta) {
      const stored = (await this.storage.get(META_KEY)) ?? { head: 0, tail: 0, dropped: 0 };
      // epoch and acked arrived later: an outbox stored before gets them now (written with its next change).
      this.meta = { ...stored, epoch: stored.epoch ?? this.newId(), acked: stored.acked ?? 0 };
    }
    return this.meta;
  }

  get size() {
    return this.meta ? this.meta.tail - this.meta.head : 0;
  }

  get dropped() {
    return this.meta ? this.meta.dropped : 0;
  }

  /** Appends events; drops the oldest past the bound. Returns how many were dropped now. */
  async append(events) {
    const meta = { ...(await this.load()) };
    const entries = {};
    for (const event of events) entries[eventKey(meta.tail++)] = event;
    const doomed = [];
    while (meta.tail - meta.head > this.maxEvents) {
      doomed.push(eventKey(meta.head++));
      meta.dropped++;
    }
    for (const key of doomed) delete entries[key];
    entries[META_KEY] = meta;
    const stale = doomed.filter((key) => key < eventKey(this.meta.tail));
    this.meta = meta; // visible at once, as in ack()
    if (stale.length > 0) await deleteKeys(this.storage, stale);
    await putEntries(this.storage, entries, this.putOptions);
    return doomed.length;
  }

  /** The oldest events (at most batchSize), the current drop count and the batch id; nothing is removed until ack. */
  async peek() {
    const meta = await this.load();
    const count = Math.min(this.batchSize, meta.tail - meta.head);
    const keys = [];
    for (let i = 0; i < count; i++) keys.push(eventKey(meta.head + i));
    const found = keys.length > 0 ? await this.storage.get(keys) : new Map();
    const events = keys.map((key) => found.get(key)).filter(Boolean);
    return { head: meta.head, count, events, dropped: meta.dropped, batchId: `${meta.epoch}:${meta.acked}` };
  }

  /**
   * Removes a delivered batch (unless the events were dropped meanwhile) and the drop count it reported.
   * The new size is visible at once (before storage confirms), so a caller updating other state in the same turn
   * never shows a moment where the batch counts both as delivered and as waiting.
   */
  async ack(batch) {
    const meta = { ...(this.meta ?? (await this.load())) };
    const end = batch.head + batch.count;
    const keys = [];
    for (let seq = Math.max(meta.head, batch.head); seq < end; seq++) keys.push(eventKey(seq));
    meta.head = Math.max(meta.head, end);
    meta.dropped = Math.max(0, meta.dropped - batch.dropped);
    meta.acked = (meta.acked ?? 0) + 1;
    this.meta = meta;
    if (keys.length > 0) await deleteKeys(this.storage, keys);
    await this.storage.put(META_KEY, meta);
  }
}

async function putEntries(storage, entries, options) {
  const all = Object.entries(entries);
  for (let i = 0; i < all.length; i += 128) await storage.put(Object.fromEntries(all.slice(i, i + 128)), options);
}

async function deleteKeys(storage, keys) {
  for (let i = 0; i < keys.length; i += 128) await storage.delete(keys.slice(i, i + 128));
}

/** Retry delay after `failures` consecutive failed sends: 1 s doubling to 5 min, with up to 20 % jitter. */
export function backoffMs(failures, random = Math.random) {
  const base = Math.min(300_000, 1000 * 2 ** Math.max(0, failures - 1));
  return Math.round(base * (1 + 0.2 * random()));
}
