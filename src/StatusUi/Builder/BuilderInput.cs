namespace McpSaas.StatusUi.Builder;

/// <summary>
/// What the builder receives, from its form or as JSON (<c>POST /api/orgs/{org}/builder</c>). Every value is text, as
/// typed in the form: a boolean setting is <c>true</c>/<c>false</c> (empty: the default), a list setting is comma- or
/// newline-separated, an integer is digits.
/// </summary>
public sealed record BuilderInput
{
    public string Name { get; init; } = "";

    public string? Description { get; init; }

    public string Plan { get; init; } = "free";

    public string? RateLimitPerMinute { get; init; }

    public IReadOnlyList<BuilderToolInput> Tools { get; init; } = [];

    /// <summary><c>owner/name</c> of the GitHub repository for the "open on GitHub" link; optional.</summary>
    public string? GitHubRepo { get; init; }

    public string? Branch { get; init; }

    /// <summary>Where the file goes in the repository (default <c>&lt;name&gt;/mcp.yaml</c>).</summary>
    public string? Path { get; init; }
}
