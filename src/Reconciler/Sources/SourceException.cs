namespace McpSaas.Reconciler.Sources;

/// <summary>A source could not be read (missing folder, unreachable remote, unknown ref). The message says what to do.</summary>
public class SourceException : Exception
{
    public SourceException(string message)
        : base(message)
    {
    }

    public SourceException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
