using McpSaas.Schema.Loading;
using McpSaas.Schema.Manifests;

namespace McpSaas.Reconciler.Sources;

/// <summary>A manifest file read from a source: its bytes, or why they were not read (too large, or not a file to read).</summary>
public sealed record SourceFileRead
{
    /// <summary>The content (at most 1 MiB), or null.</summary>
    public byte[]? Content { get; init; }

    /// <summary>The size found when the file is larger than 1 MiB (MCP002), or null.</summary>
    public long? TooLargeLength { get; init; }

    /// <summary>Why the file was not read (MCP000), or null.</summary>
    public string? Problem { get; init; }

    public static SourceFileRead Read(byte[] content) => new() { Content = content };

    public static SourceFileRead TooLarge(long length) => new() { TooLargeLength = length };

    public static SourceFileRead Unreadable(string problem) => new() { Problem = problem };

    /// <summary>The content checked, or the diagnostic of a file that was not read.</summary>
    public ManifestFile Load(string shownPath, ManifestLoadOptions? options = null) =>
        Content is { } bytes ? ManifestLoader.Load(shownPath, bytes, options)
        : TooLargeLength is { } length ? ManifestLoader.TooLarge(shownPath, length)
        : ManifestLoader.Unreadable(shownPath, Problem ?? "unknown reason");
}
