namespace McpSaas.Reconciler.Jobs;

/// <summary>
/// Which of two heads of the same work is newer, for deliveries that arrive out of order: the parent chain first
/// (a push's <c>before</c> is the previous head), then the push order (<c>pushed_at</c> / <c>updated_at</c>);
/// on a tie, the later arrival wins.
/// </summary>
public static class JobHeads
{
    public static bool IsNewer(string sha, string? before, long? order, string headSha, string? headBefore, long? headOrder)
    {
        if (string.Equals(sha, headSha, StringComparison.OrdinalIgnoreCase))
        {
            return false; // the same head again: already queued or applied
        }

        if (before is not null && string.Equals(before, headSha, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (headBefore is not null && string.Equals(headBefore, sha, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        return order is null || headOrder is null || order.Value >= headOrder.Value;
    }
}
