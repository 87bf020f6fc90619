using McpSaas.Schema.Collections;
using McpSaas.Schema.Diagnostics;

namespace McpSaas.Schema.Manifests;

/// <summary>
/// One YAML document of a manifest file. <see cref="Server"/> is set only when the document has no error;
/// <see cref="Name"/> is known whenever <c>metadata.name</c> could be read, so an invalid document still
/// identifies the server it stalls (keep last good, manifest-v1.md rule 7).
/// </summary>
public sealed record ManifestDocument
{
    /// <summary>0-based index among the file's non-empty documents.</summary>
    public required int Index { get; init; }

    /// <summary>1-based line where the document starts.</summary>
    public required int Line { get; init; }

    /// <summary><c>metadata.name</c> when it is a string (even if otherwise invalid), else null.</summary>
    public string? Name { get; init; }

    /// <summary>1-based position of the <c>metadata.name</c> value (for cross-document diagnostics), or the document start.</summary>
    public int NameLine { get; init; }

    public int NameColumn { get; init; }

    public ServerManifest? Server { get; init; }

    /// <summary>
    /// The server as written when its only errors are plan limits (MCP3xx): what it would be on a larger plan, so a
    /// report can show the tools it would expose and the upgrade it needs. Never deployed; null otherwise (and
    /// equal to <see cref="Server"/> when the document is valid).
    /// </summary>
    public ServerManifest? Written { get; init; }

    public required ValueArray<Diagnostic> Diagnostics { get; init; }

    public bool IsValid => Server is not null && !Diagnostics.Any(d => d.IsError);
}
