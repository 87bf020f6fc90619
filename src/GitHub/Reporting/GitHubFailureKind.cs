namespace McpSaas.GitHub.Reporting;

/// <summary>How a failed request to GitHub is handled.</summary>
internal enum GitHubFailureKind
{
    /// <summary>5xx, a network failure, a timeout, a refused token: retried with backoff (or at the time GitHub names).</summary>
    Transient,

    /// <summary>A primary or secondary rate limit: nothing is sent before the time GitHub names (<c>retry-after</c>, <c>x-ratelimit-reset</c>), at least a minute otherwise.</summary>
    RateLimited,

    /// <summary>GitHub refused the request for good (404, 422, 403 without a rate limit): dropped, logged.</summary>
    Permanent,
}
