namespace McpSaas.Testing.Fakes.GitHub;

/// <summary>
/// An answer the fake gives instead of the real one to the next reporting request (check runs, statuses, comments):
/// a 5xx, a secondary rate limit (403 with <c>retry-after</c>), or the primary limit spent (403 with
/// <c>x-ratelimit-remaining: 0</c> and <c>x-ratelimit-reset</c>).
/// </summary>
public sealed record FakeFault(int Status, string Message)
{
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>When set: <c>x-ratelimit-remaining: 0</c> and <c>x-ratelimit-reset</c> at this time.</summary>
    public DateTimeOffset? RateLimitResetAt { get; init; }

    public static FakeFault ServerError(int status = 502) => new(status, "Server Error");

    public static FakeFault SecondaryRateLimit(TimeSpan retryAfter) =>
        new(403, "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.") { RetryAfter = retryAfter };

    public static FakeFault PrimaryRateLimit(DateTimeOffset resetAt) =>
        new(403, "API rate limit exceeded for installation.") { RateLimitResetAt = resetAt };
}
