namespace McpSaas.WebhookApi.Installations;

/// <summary>
/// What happens to the servers of an uninstalled GitHub App installation (section <c>Installations</c>): suspended at
/// once, deleted once <see cref="UninstallGrace"/> has passed (a repository removed from an installation alike); a
/// reinstall within the grace restores them with the same URLs and keys.
/// </summary>
public sealed class InstallationLifecycleOptions
{
    public const string SectionName = "Installations";

    /// <summary>How long servers of an uninstalled installation (or a removed repository) stay suspended before they are deleted.</summary>
    public TimeSpan UninstallGrace { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How often the grace periods are checked.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromHours(1);
}
