// Exact sliding one-minute window: a ring of the admission times of the last `limit` calls.
// A call is admitted when fewer than `limit` calls were admitted in the 60 s before it.

export const WINDOW_MS = 60_000;

export class RateWindow {
  constructor(limit, windowMs = WINDOW_MS) {
    if (!Number.isInteger(limit) || limit <= 0) throw new Error("limit must be a positive integer");
    this.limit = limit;
    this.windowMs = windowMs;
    this.times = new Float64Array(limit);
    this.start = 0; // index of the oldest stored admission
    this.count = 0;
  }

  #expire(now) {
    while (this.count > 0 && this.times[this.start] <= now - this.windowMs) {
      this.start = (this.start + 1) % this.limit;
      this.count--;
    }
  }

  /**
   * Admits `n` calls at `now` (all or none).
   * Returns { ok, limit, remaining, resetAt } — resetAt (ms) is when the oldest admission in the window leaves it.
   */
  take(n, now) {
    this.#expire(now);
    if (n > this.limit || this.count + n > this.limit) {
      const resetAt = this.count > 0 ? this.times[this.start] + this.windowMs : now + this.windowMs;
      return { ok: false, limit: this.limit, remaining: this.limit - this.count, resetAt };
    }
    for (let i = 0; i < n; i++) {
      this.times[(this.start + this.count) % this.limit] = now;
      this.count++;
    }
    const resetAt = this.times[this.start] + this.windowMs;
    return { ok: true, limit: this.limit, remaining: this.limit - this.count, resetAt };
  }
}
