namespace McpSaas.Reconciler.Sources;

/// <summary>A manifest file in a source at one revision: its path (relative, '/' separators) and git blob id.</summary>
public sealed record SourceFile(string Path, string BlobId);
