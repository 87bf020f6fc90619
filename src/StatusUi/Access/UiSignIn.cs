namespace McpSaas.StatusUi.Access;

/// <summary>
/// Whether people sign in to this status UI (with GitHub), and where they install the App: what the landing page, the
/// header's sign-in/sign-out and the onboarding need. Disabled by default (<c>up</c>: the loopback user needs no sign-in).
/// </summary>
public sealed record UiSignIn
{
    public static readonly UiSignIn Disabled = new();

    public bool Enabled { get; init; }

    /// <summary>Where a person installs the McpSaas GitHub App on an account (<c>https://github.com/apps/&lt;slug&gt;/installations/new</c>).</summary>
    public string? InstallUrl { get; init; }

    /// <summary>The App's public page (<c>https://github.com/apps/&lt;slug&gt;</c>).</summary>
    public string? AppUrl { get; init; }
}
