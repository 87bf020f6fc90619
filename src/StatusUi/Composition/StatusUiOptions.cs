namespace McpSaas.StatusUi.Composition;

/// <summary>
/// Options of the status UI, bound from the <c>StatusUi</c> configuration section (environment:
/// <c>MCPSAAS_StatusUi__Access</c>, …) and validated at start by <see cref="StatusUiOptionsValidator"/>.
/// </summary>
public sealed class StatusUiOptions
{
    public const string SectionName = "StatusUi";

    /// <summary>Who may use the UI without sign-in: <c>Loopback</c> (default) or <c>None</c>.</summary>
    public StatusUiAccess Access { get; set; } = StatusUiAccess.Loopback;

    /// <summary>Where "open on GitHub" links point (GitHub Enterprise Server: its web root).</summary>
    public Uri GitHubUrl { get; set; } = new("https://github.com");

    /// <summary>The branch the builder proposes for a new manifest.</summary>
    public string DefaultBranch { get; set; } = "main";
}
