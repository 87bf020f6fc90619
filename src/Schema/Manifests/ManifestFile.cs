using McpSaas.Schema.Collections;
using McpSaas.Schema.Diagnostics;

namespace McpSaas.Schema.Manifests;

/// <summary>
/// The result of loading one manifest file. When <see cref="ParseFailed"/> is true the file could not be
/// read as YAML at all, <see cref="Documents"/> is empty, and the reconciler keeps every server the file
/// declared before (manifest-v1.md rule 7).
/// </summary>
public sealed record ManifestFile
{
    /// <summary>Path relative to the repository (or validated folder) root, '/' separators.</summary>
    public required string Path { get; init; }

    public required bool ParseFailed { get; init; }

    public required ValueArray<ManifestDocument> Documents { get; init; }

    /// <summary>Problems of the file as a whole (syntax, size, encoding).</summary>
    public required ValueArray<Diagnostic> FileDiagnostics { get; init; }

    /// <summary>Every diagnostic of the file: file-level first, then per document in order.</summary>
    public IEnumerable<Diagnostic> AllDiagnostics => FileDiagnostics.Concat(Documents.SelectMany(d => d.Diagnostics));
}
