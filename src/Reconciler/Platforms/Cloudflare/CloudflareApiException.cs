namespace McpSaas.Reconciler.Platforms.Cloudflare;

/// <summary>
/// A Cloudflare API request that did not succeed, classified (<see cref="Kind"/>, <see cref="Class"/>) with a message
/// that says what to do. Never carries the API token or a secret value.
/// </summary>
public sealed class CloudflareApiException : Exception
{
    public CloudflareApiException(
        CloudflareErrorKind kind,
        string message,
        int? httpStatus = null,
        IReadOnlyList<int>? codes = null,
        DateTimeOffset? retryAt = null,
        Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
        HttpStatus = httpStatus;
        Codes = codes ?? [];
        RetryAt = retryAt;
    }

    public CloudflareApiException()
        : this(CloudflareErrorKind.Unexpected, "the Cloudflare API request failed")
    {
    }

    public CloudflareApiException(string message)
        : this(CloudflareErrorKind.Unexpected, message)
    {
    }

    public CloudflareApiException(string message, Exception innerException)
        : this(CloudflareErrorKind.Unexpected, message, innerException: innerException)
    {
    }

    public CloudflareErrorKind Kind { get; }

    public CloudflareErrorClass Class => CloudflareErrors.ClassOf(Kind);

    /// <summary>The HTTP status of the last answer, or null when none came (network, timeout, budget).</summary>
    public int? HttpStatus { get; }

    /// <summary>Cloudflare's error codes of the last answer (<c>errors[].code</c>).</summary>
    public IReadOnlyList<int> Codes { get; }

    /// <summary>Not before this time (a 429's <c>Retry-After</c>, the budget's next free slot), when known.</summary>
    public DateTimeOffset? RetryAt { get; }
}
