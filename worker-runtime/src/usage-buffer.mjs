// Usage events of finished calls wait here (per isolate, per server) for a few milliseconds so the limiter gets
// them in groups: one round trip and one storage write per group instead of per call. The request that adds the
// first event of a group starts a short timer and keeps itself alive with its own waitUntil until the timer has
// sent the group; requests adding more events meanwhile only add plain data (no promise is shared between requests).

export const BUFFER_DELAY_MS = 25;
export const BUFFER_MAX = 100;
/** A failed send is tried again after these delays, within the request that sent it; then the next group takes it. */
export const RETRY_DELAYS_MS = Object.freeze([100, 500, 2000]);

export class UsageBuffer {
  constructor(send, delayMs = BUFFER_DELAY_MS, retryDelaysMs = RETRY_DELAYS_MS) {
    this.send = send; // (events) => Promise, called from the context of the request whose timer fired
    this.delayMs = delayMs;
    this.retryDelaysMs = retryDelaysMs;
    this.events = [];
    this.timerRunning = false;
  }

  /** Adds one event; when it starts a group, `waitUntil` keeps this request alive until the group is sent. */
  push(event, waitUntil) {
    this.events.push(event);
    if (this.events.length >= BUFFER_MAX) {
      waitUntil(this.flush());
      return;
    }
    if (this.timerRunning) return;
    this.timerRunning = true;
    waitUntil(
      new Promise((resolve) => setTimeout(resolve, this.delayMs)).then(() => {
        this.timerRunning = false;
        return this.flush();
      }),
    );
  }

  /**
   * Sends whatever is waiting. A failed send never fails a call: the events are put back and sent again after a short
   * delay (the request's waitUntil keeps it alive meanwhile), a few times; after that the next group takes them along.
   * Without the retries, events put back after the last call of a burst would wait for the next call, however late.
   */
  async flush() {
    for (let attempt = 0; this.events.length > 0; attempt++) {
      const events = this.events;
      this.events = [];
      try {
        await this.send(events);
        return;
      } catch {
        this.events.unshift(...events.slice(0, Math.max(0, BUFFER_MAX * 10 - this.events.length)));
        if (attempt >= this.retryDelaysMs.length) return;
        await new Promise((resolve) => setTimeout(resolve, this.retryDelaysMs[attempt]));
      }
    }
  }
}
