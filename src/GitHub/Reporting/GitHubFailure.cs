using System.Globalization;
using System.Net;
using Octokit;

namespace McpSaas.GitHub.Reporting;

/// <summary>
/// A failed request to GitHub, classified by the rules of github-app-api.md §7: 5xx and network failures are
/// transient; 403/429 with <c>retry-after</c> wait that long, with <c>x-ratelimit-remaining: 0</c> until
/// <c>x-ratelimit-reset</c>, and other 429s and secondary limits at least a minute, backing off; other 4xx are
/// permanent. <see cref="RetryAt"/> is when to try again (null when permanent).
/// </summary>
internal sealed record GitHubFailure(GitHubFailureKind Kind, DateTimeOffset? RetryAt, string Message)
{
    /// <summary>The least a rate limit without a time is waited (GitHub: "wait at least one minute").</summary>
    public static readonly TimeSpan MinimumRateLimitWait = TimeSpan.FromMinutes(1);

    /// <param name="e">What the request threw.</param>
    /// <param name="now">The time of the failure.</param>
    /// <param name="backoff">The exponential backoff of this attempt.</param>
    public static GitHubFailure Classify(Exception e, DateTimeOffset now, TimeSpan backoff)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (e is ApiException api)
        {
            var status = (int)api.StatusCode;
            var headers = api.HttpResponse?.Headers;
            var retryAfter = RetryAfter(Header(headers, "retry-after"), now);
            var message = $"GitHub answered {status}: {api.ApiError?.Message ?? api.Message}";
            if (status is 403 or 429)
            {
                if (retryAfter is { } after)
                {
                    return new GitHubFailure(GitHubFailureKind.RateLimited, now + after, message);
                }

                if (Header(headers, "x-ratelimit-remaining") == "0"
                    && long.TryParse(Header(headers, "x-ratelimit-reset"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var reset))
                {
                    var at = DateTimeOffset.FromUnixTimeSeconds(reset);
                    return new GitHubFailure(GitHubFailureKind.RateLimited, at > now ? at : now + TimeSpan.FromSeconds(1), message);
                }

                if (status == 429 || api is SecondaryRateLimitExceededException or RateLimitExceededException
                    || message.Contains("rate limit", StringComparison.OrdinalIgnoreCase))
                {
                    return new GitHubFailure(GitHubFailureKind.RateLimited, now + Max(MinimumRateLimitWait, backoff), message);
                }

                return new GitHubFailure(GitHubFailureKind.Permanent, null, message);
            }

            if (status >= 500 || status is 401 or 408)
            {
                return new GitHubFailure(GitHubFailureKind.Transient, now + Max(retryAfter ?? TimeSpan.Zero, backoff), message);
            }

            return new GitHubFailure(GitHubFailureKind.Permanent, null, message);
        }

        return e switch
        {
            HttpRequestException or TaskCanceledException or TimeoutException or IOException =>
                new GitHubFailure(GitHubFailureKind.Transient, now + backoff, $"GitHub could not be reached: {e.Message}"),
            System.Text.Json.JsonException => new GitHubFailure(GitHubFailureKind.Permanent, null, $"unreadable report: {e.Message}"),
            _ => new GitHubFailure(GitHubFailureKind.Transient, now + backoff, $"{e.GetType().Name}: {e.Message}"),
        };
    }

    /// <summary>A header of a response, whatever the case of its name.</summary>
    internal static string? Header(IReadOnlyDictionary<string, string>? headers, string name) =>
        headers?.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

    /// <summary><c>retry-after</c>: seconds, or an HTTP date.</summary>
    private static TimeSpan? RetryAfter(string? value, DateTimeOffset now)
    {
        if (value is null)
        {
            return null;
        }

        if (long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0)
        {
            return TimeSpan.FromSeconds(seconds);
        }

        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date) && date > now ? date - now : null;
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    /// <summary>The status code when the failure came from GitHub's answer.</summary>
    internal static HttpStatusCode? StatusOf(Exception e) => (e as ApiException)?.StatusCode;
}
