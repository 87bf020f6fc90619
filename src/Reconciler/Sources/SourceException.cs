using McpSaas.Reconciler.Reconciling;

namespace McpSaas.Reconciler.Sources;

/// <summary>
/// A source could not be read (missing folder, unreachable remote, unknown ref). The message says what to do;
/// <see cref="Class"/> whether trying again later may help (an unreachable remote) or not (a folder that is not there).
/// </summary>
public class SourceException : Exception
{
    public SourceException(string message, ErrorClass errorClass = ErrorClass.Transient)
        : base(message)
    {
        Class = errorClass;
    }

    public SourceException(string message, Exception inner, ErrorClass errorClass = ErrorClass.Transient)
        : base(message, inner)
    {
        Class = errorClass;
    }

    public ErrorClass Class { get; }
}
