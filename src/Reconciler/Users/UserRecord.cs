namespace McpSaas.Reconciler.Users;

/// <summary>A person who signed in to the status UI, by GitHub id: their current login and email, and when they first and last signed in.</summary>
public sealed record UserRecord
{
    public required long GitHubId { get; init; }

    public required string Login { get; init; }

    public string? Email { get; init; }

    public string? Name { get; init; }

    public required DateTimeOffset FirstSeenAt { get; init; }

    public required DateTimeOffset LastSignInAt { get; init; }

    /// <summary>Sign-ins so far, this one included.</summary>
    public required long SignIns { get; init; }

    /// <summary>True when the record was created by this sign-in (the first-login welcome).</summary>
    public bool IsFirstSignIn => SignIns == 1;
}
