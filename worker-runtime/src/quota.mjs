// The monthly-quota verdict the usage endpoint returns ({ accepted, quota: { limit, used, exceeded } }), and the
// policy that decides from it, as the limiter sees it (README "Limits"):
//
// - Projection: what the org used = the last verdict's `used` + the calls this server served that the verdict does
//   not include yet (waiting in its outbox or still running). A call is refused once that reaches the limit, so calls
//   past the limit are refused before the next verdict arrives.
// - Trust window (QUOTA_TRUST_MS, 15 min): a verdict older than that (the endpoint did not answer since) is stale.
//   A server on a stale verdict keeps serving, but at most staleAllowance(limit) calls past what that verdict counted
//   (never past the limit); then it refuses with "cannot be verified" until a verdict arrives.
// - A verdict holds for the UTC month it was received in: in a new month its `used` counts as 0 (its limit stays)
//   and `exceeded` no longer applies. No verdict at all, or no limit (null): nothing is refused.

export const QUOTA_TRUST_MS = 15 * 60_000;

export function monthOf(ms) {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, "0")}`;
}

/** Validates a usage reply; returns { accepted, quota } or null (a malformed reply is not a verdict). */
export function parseUsageReply(body) {
  if (!body || typeof body !== "object") return null;
  const accepted = Number.isInteger(body.accepted) ? body.accepted : null;
  let quota = null;
  const q = body.quota;
  if (q && typeof q === "object" && typeof q.exceeded === "boolean") {
    quota = {
      limit: Number.isFinite(q.limit) ? q.limit : null,
      used: Number.isFinite(q.used) ? q.used : null,
      exceeded: q.exceeded,
    };
  }
  return { accepted, quota };
}

export function verdictFrom(quota, now) {
  return quota ? { ...quota, month: monthOf(now), receivedAt: now } : null;
}

export function quotaExceeded(verdict, now) {
  return Boolean(verdict && verdict.exceeded && verdict.month === monthOf(now));
}

/** Calls a server may serve past its last verdict once that verdict is stale: a tenth of the limit, at least 10. */
export function staleAllowance(limit) {
  return Math.max(10, Math.ceil(limit / 10));
}

/**
 * Where the org stands for this server's next calls.
 * `uncounted`: calls this server served that the verdict does not include. Returns
 * { limited: false } (no verdict, or no limit) or { limited: true, limit, used (projected), base (the verdict's used
 * this month), remaining, reason (why the next call is refused: null | "exceeded" | "unverified"), bound (which of the
 * two `remaining` is counted against), stale, ageMs }.
 */
export function quotaStanding(verdict, uncounted, now, trustMs = QUOTA_TRUST_MS) {
  if (!verdict) return { limited: false, reason: null };
  const sameMonth = verdict.month === monthOf(now);
  const ageMs = Math.max(0, now - (verdict.receivedAt ?? 0));
  const stale = ageMs > trustMs;
  if (sameMonth && verdict.exceeded) {
    const base = verdict.used ?? 0;
    return { limited: true, limit: verdict.limit ?? null, used: base + uncounted, base, remaining: 0, reason: "exceeded", bound: "exceeded", stale, ageMs };
  }
  if (verdict.limit == null) return { limited: false, reason: null };
  const base = sameMonth ? verdict.used ?? 0 : 0;
  const used = base + uncounted;
  if (used >= verdict.limit) return { limited: true, limit: verdict.limit, used, base, remaining: 0, reason: "exceeded", bound: "exceeded", stale, ageMs };
  const bound = stale && base + staleAllowance(verdict.limit) < verdict.limit ? "unverified" : "exceeded";
  const ceiling = bound === "unverified" ? base + staleAllowance(verdict.limit) : verdict.limit;
  const remaining = Math.max(0, ceiling - used);
  return { limited: true, limit: verdict.limit, used, base, remaining, reason: remaining === 0 ? bound : null, bound, stale, ageMs };
}

/** The refusal text: names the plan, the limit and how to lift it. */
export function quotaMessage(plan, verdict) {
  const limit = verdict?.limit != null ? verdict.limit.toLocaleString("en-US") : "its";
  const used = verdict?.used != null ? ` (${verdict.used.toLocaleString("en-US")} used)` : "";
  return (
    `Monthly quota exceeded: plan '${plan}' allows ${limit} tool calls per month${used}. ` +
    `Calls resume at the start of next month (UTC), or upgrade the organisation's plan ` +
    `(pro: 100,000 calls per month; enterprise: per contract) to continue now.`
  );
}

/** The refusal text past the trust window: why, since when, and when calls resume. */
export function unverifiedMessage(plan, standing) {
  const minutes = Math.max(1, Math.floor(standing.ageMs / 60_000));
  const allowance = staleAllowance(standing.limit);
  return (
    `Monthly quota cannot be verified: the usage endpoint has not confirmed this server's usage for ${minutes} minute(s), ` +
    `and the server has served the ${allowance.toLocaleString("en-US")} calls it may serve without a confirmation ` +
    `(plan '${plan}' allows ${standing.limit.toLocaleString("en-US")} tool calls per month; ${standing.base.toLocaleString("en-US")} were used ` +
    `at the last confirmation). Calls resume as soon as the usage endpoint answers.`
  );
}
