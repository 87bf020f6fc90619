namespace McpSaas.Reconciler.Usage;

/// <summary>
/// <c>errorKind</c>s of usage events with a meaning for the platform (worker-runtime README, "Usage"): the calls a
/// quota refused are recorded so <c>usage</c> shows them, and never count toward the quota.
/// </summary>
public static class UsageErrorKinds
{
    /// <summary>Refused: the org's monthly quota is reached (by the last verdict plus the calls counted since).</summary>
    public const string QuotaExceeded = "quota_exceeded";

    /// <summary>Refused: the usage endpoint did not confirm usage for longer than the trust window and the allowance is spent.</summary>
    public const string QuotaUnverified = "quota_unverified";

    /// <summary>Whether an event is a refused call (not a call the server served).</summary>
    public static bool IsRefusal(string? errorKind) => errorKind is QuotaExceeded or QuotaUnverified;
}
