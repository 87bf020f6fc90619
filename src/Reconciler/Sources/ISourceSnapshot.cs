namespace McpSaas.Reconciler.Sources;

/// <summary>The manifest files of one source at one revision. Contents are read on demand, so files whose blob id is cached cost nothing.</summary>
public interface ISourceSnapshot : IDisposable
{
    /// <summary>Commit id for git; a content hash (<c>folder:&lt;hash&gt;</c>) for a folder.</summary>
    string Revision { get; }

    /// <summary>Every mcp.yaml / mcp.yml outside hidden folders, ordered by path.</summary>
    IReadOnlyList<SourceFile> Files { get; }

    /// <summary>The raw bytes of a file of this snapshot.</summary>
    byte[] Read(SourceFile file);
}
