// Exact sliding one-minute window: the admission times of the calls of the last 60 s, oldest first.
// A call is admitted when fewer than `limit` calls were admitted in the 60 s before it. Memory grows with the
// calls actually admitted in the window (never with the configured limit, which may be very large).

export const WINDOW_MS = 60_000;

export class RateWindow {
  constructor(limit, windowMs = WINDOW_MS) {
    if (!Number.isInteger(limit) || limit <= 0) throw new Error("limit must be a positive integer");
    this.limit = limit;
    this.windowMs = windowMs;
    this.times = [];
    this.head = 0; // index of the oldest admission still in the window
  }

  get count() {
    return this.times.length - this.head;
  }

  #expire(now) {
    while (this.head < this.times.length && this.times[this.head] <= now - this.windowMs) this.head++;
    if (this.head > 1024 && this.head * 2 > this.times.length) {
      this.times = this.times.slice(this.head);
      this.head = 0;
    }
  }

  /** How many more calls the window admits at `now`. */
  available(now) {
    this.#expire(now);
    return Math.max(0, this.limit - this.count);
  }

  /** When the oldest admission leaves the window (or `now + windowMs` when it is empty). */
  resetAt(now) {
    this.#expire(now);
    return this.count > 0 ? this.times[this.head] + this.windowMs : now + this.windowMs;
  }

  /**
   * Admits `n` calls at `now` (all or none).
   * Returns { ok, limit, remaining, resetAt } — resetAt (ms) is when the oldest admission in the window leaves it.
   */
  take(n, now) {
    this.#expire(now);
    if (this.count + n > this.limit) {
      const resetAt = this.count > 0 ? this.times[this.head] + this.windowMs : now + this.windowMs;
      return { ok: false, limit: this.limit, remaining: this.limit - this.count, resetAt };
    }
    for (let i = 0; i < n; i++) this.times.push(now);
    return { ok: true, limit: this.limit, remaining: this.limit - this.count, resetAt: this.times[this.head] + this.windowMs };
  }
}
