using McpSaas.StatusUi.Model;

namespace McpSaas.StatusUi.Data;

public sealed partial class StatusReader
{
    /// <summary>Entries the audit page lists by default, and at most.</summary>
    public const int AuditDefaultLimit = 100;

    public const int AuditMaxLimit = 1000;

    /// <summary>The org's audit log, newest first, since <paramref name="since"/> (all when null), at most <paramref name="limit"/> entries.</summary>
    public async Task<AuditView> AuditAsync(string org, DateTimeOffset? since, int limit, CancellationToken cancellationToken)
    {
        var entries = await store.ListAuditAsync(org, since, Math.Clamp(limit, 1, AuditMaxLimit), cancellationToken);
        return new AuditView
        {
            Org = org,
            Since = since,
            Limit = limit,
            Entries = [.. entries.Select(e => new AuditEntryView(e.Id, e.At, e.Actor, e.Action, e.Target, e.Detail))],
        };
    }

    /// <summary>
    /// The audit page's filters as typed (<c>since</c>: a UTC date/time or an age such as <c>24h</c>; <c>limit</c>: 1 to
    /// 1,000), or the field and message of what is wrong.
    /// </summary>
    public (DateTimeOffset? Since, int Limit, FieldErrorView? Error) AuditFilters(string? since, string? limit)
    {
        DateTimeOffset? from = null;
        if (!string.IsNullOrWhiteSpace(since))
        {
            from = AuditSince.Parse(since, time.GetUtcNow());
            if (from is null)
            {
                return (null, AuditDefaultLimit, new FieldErrorView("since", "use a UTC date or time (2026-03-14, 2026-03-14T09:30:00Z) or an age (90m, 24h, 7d)"));
            }
        }

        var max = AuditDefaultLimit;
        if (!string.IsNullOrWhiteSpace(limit)
            && (!int.TryParse(limit, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out max) || max is < 1 or > AuditMaxLimit))
        {
            return (from, AuditDefaultLimit, new FieldErrorView("limit", $"use a number of entries from 1 to {AuditMaxLimit:N0}"));
        }

        return (from, max, null);
    }
}
