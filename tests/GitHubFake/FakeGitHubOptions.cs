namespace McpSaas.Testing.Fakes.GitHub;

/// <summary>How the fake behaves: its clock (token expiry, JWT checks), the App's ids and token lifetime.</summary>
public sealed record FakeGitHubOptions
{
    /// <summary>The clock tokens expire on and JWTs are checked against (tests pass a <c>FakeTimeProvider</c>).</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    public long AppId { get; init; } = 424242;

    public string ClientId { get; init; } = "Iv23liFakeGitHubApp";

    public TimeSpan TokenLifetime { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Content-creating requests (check runs, statuses, comments: POST and PATCH) accepted per rolling minute; GitHub's secondary limit is 80.</summary>
    public int ContentRequestsPerMinute { get; init; } = 80;

    /// <summary>The App's bot user, the author of comments made with an installation token.</summary>
    public string BotLogin { get; init; } = "mcpsaas-fake[bot]";

    public string AppSlug { get; init; } = "mcpsaas-fake";

    /// <summary>The App's OAuth client secret (its client id is <see cref="ClientId"/>), checked by the token endpoint.</summary>
    public string ClientSecret { get; init; } = "fake-oauth-client-secret-0123456789";

    /// <summary>
    /// The App's registered callback URLs: an authorization's <c>redirect_uri</c> must start with one (GitHub's rule); empty
    /// accepts any. GitHub refuses a mismatch with <c>redirect_uri_mismatch</c>.
    /// </summary>
    public IReadOnlyList<string> CallbackUrls { get; init; } = [];

    /// <summary>How long a user access token works (GitHub App user tokens: 8 hours).</summary>
    public TimeSpan UserTokenLifetime { get; init; } = TimeSpan.FromHours(8);
}
