namespace McpSaas.Reconciler.Sources;

/// <summary>
/// A manifest file of a snapshot that was found but not read (larger than 1 MiB, a link out of the source, a device…):
/// the parser turns it into that file's diagnostic (MCP002 or MCP000); the file counts as unparsed, so the servers it
/// declared are kept.
/// </summary>
public sealed class UnreadableSourceFileException : SourceException
{
    public UnreadableSourceFileException(string path, SourceFileRead read)
        : base($"{path}: {(read ?? throw new ArgumentNullException(nameof(read))).Problem ?? $"{read.TooLargeLength:N0} bytes, more than 1 MiB"}")
    {
        Read = read;
    }

    public SourceFileRead Read { get; }
}
