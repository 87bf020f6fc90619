namespace McpSaas.Testing.Fakes.GitHub;

/// <summary>How the fake behaves: its clock (token expiry, JWT checks), the App's ids and token lifetime.</summary>
public sealed record FakeGitHubOptions
{
    /// <summary>The clock tokens expire on and JWTs are checked against (tests pass a <c>FakeTimeProvider</c>).</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    public long AppId { get; init; } = 424242;

    public string ClientId { get; init; } = "Iv23liFakeGitHubApp";

    public TimeSpan TokenLifetime { get; init; } = TimeSpan.FromHours(1);
}
