// Counts per second over a short sliding window: the admissions the limiter granted and the calls it recorded
// lately. Their difference is the calls admitted and still running (not yet in the outbox), which the quota
// projection must count (limiter-core.mjs). Memory: one small object per second of activity in the window.

export class RecentCounts {
  constructor(windowMs) {
    this.windowMs = windowMs;
    this.buckets = []; // { second, granted, recorded }, oldest first
  }

  add(now, field, n) {
    if (!(n > 0)) return;
    this.#expire(now);
    const second = Math.floor(now / 1000);
    let last = this.buckets.at(-1);
    if (!last || last.second !== second) {
      last = { second, granted: 0, recorded: 0 };
      this.buckets.push(last);
    }
    last[field] += n;
  }

  sum(now, field) {
    this.#expire(now);
    let total = 0;
    for (const bucket of this.buckets) total += bucket[field];
    return total;
  }

  #expire(now) {
    const oldest = Math.floor((now - this.windowMs) / 1000);
    while (this.buckets.length > 0 && this.buckets[0].second <= oldest) this.buckets.shift();
  }
}
