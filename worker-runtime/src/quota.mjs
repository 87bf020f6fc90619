// The monthly-quota verdict the usage endpoint returns ({ accepted, quota: { limit, used, exceeded } }).
// A verdict holds for the UTC month it was received in; a new month clears it.

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
