namespace McpSaas.Reconciler.Sources;

/// <summary>The kind and size of a path, without opening it.</summary>
internal readonly record struct UnixFileStatus(UnixFileKind Kind, long Size);
