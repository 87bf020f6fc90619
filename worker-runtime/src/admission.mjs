// Admission leases. Every tools/call needs the server's one McpLimiter to admit it, so the per-minute limit holds
// across isolates. Asking it once per call costs a Durable Object round trip per call; instead an isolate asks for
// a few admissions at a time (a lease) and spends them locally for at most LEASE_USE_MS.
//
// Why the limit still holds exactly (never more than N calls in any 60 s, across every isolate): the limiter counts
// every admission it grants — used or not — at its grant time t, over a window of 60 s + LEASE_SPAN_MS. A granted
// admission is spent in [t, t + LEASE_USE_MS + the reply's travel] ⊂ [t, t + LEASE_SPAN_MS]. Take any 60 s of call
// times [a, a + 60 s): its calls were granted in (a − LEASE_SPAN_MS, a + 60 s), and when the last of those grants
// was decided, all of them were inside its counting window, which admitted at most N. Unused admissions only make
// the limiter more conservative, so leases stay small: sized to the isolate's recent demand, at most limit/20.

export const LEASE_USE_MS = 1000; // an isolate spends a lease within this long after receiving it
export const LEASE_SPAN_MS = 2000; // what the limiter assumes (the use period plus margin for the reply's travel and clock skew)
export const MAX_LEASE = 64;

/** Limiter side: how many admissions to grant, given what the isolate wants and needs (all-or-none for `need`). */
export function leaseSize({ want, need, limit, available }) {
  const cap = Math.max(1, Math.floor(limit / 20), need);
  const size = Math.min(Math.max(want, need), cap, available, MAX_LEASE);
  return size >= need ? size : 0;
}

/** Isolate side: the admissions leased and not yet spent (plain data, shared by the isolate's requests). */
export class AdmissionPool {
  constructor(now = () => Date.now()) {
    this.now = now;
    this.leases = []; // { remaining, expiresAt }, oldest first
    this.spent = []; // times of recent admissions, to size the next lease
  }

  /** Spends `count` admissions when the pool holds them (all or none). */
  take(count) {
    const now = this.now();
    this.leases = this.leases.filter((l) => l.expiresAt > now && l.remaining > 0);
    const held = this.leases.reduce((sum, l) => sum + l.remaining, 0);
    if (held < count) return false;
    let left = count;
    for (const lease of this.leases) {
      const used = Math.min(left, lease.remaining);
      lease.remaining -= used;
      left -= used;
      if (left === 0) break;
    }
    this.#note(count, now);
    return true;
  }

  /** A lease just granted (the limiter already counted it). */
  add(granted) {
    if (granted > 0) this.leases.push({ remaining: granted, expiresAt: this.now() + LEASE_USE_MS });
  }

  /** How many to ask for: about the admissions spent in the last second, plus what is needed now. */
  want(need) {
    const now = this.now();
    this.spent = this.spent.filter((t) => t > now - 1000);
    return Math.min(MAX_LEASE, Math.max(need, this.spent.length + need));
  }

  #note(count, now) {
    for (let i = 0; i < count; i++) this.spent.push(now);
    if (this.spent.length > 4 * MAX_LEASE) this.spent = this.spent.slice(-2 * MAX_LEASE);
  }
}
