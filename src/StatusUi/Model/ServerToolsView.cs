using McpSaas.StatusUi.Builder;

namespace McpSaas.StatusUi.Model;

/// <summary>
/// A deployed server's tools as its manifest on the default branch has them, for "add tool" / "remove tool": where the
/// manifest is, its entries, whether McpSaas can propose changes there (else why not, and GitHub's edit page).
/// </summary>
public sealed record ServerToolsView
{
    public required string ServerId { get; init; }

    public string? Path { get; init; }

    public string? Branch { get; init; }

    public IReadOnlyList<ManifestToolEntry> Tools { get; init; } = [];

    /// <summary>True when the tools can be changed by pull request from here.</summary>
    public bool CanPropose { get; init; }

    /// <summary>Why not (in words for the page); null when <see cref="CanPropose"/>.</summary>
    public string? WhyNot { get; init; }

    /// <summary>GitHub's page to edit the manifest by hand (always offered when the repository is known).</summary>
    public string? EditUrl { get; init; }
}
