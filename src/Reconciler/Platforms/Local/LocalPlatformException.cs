namespace McpSaas.Reconciler.Platforms.Local;

/// <summary>The local runtime could not do what was asked; the message says what to do next.</summary>
public sealed class LocalPlatformException : Exception
{
    public LocalPlatformException(string message)
        : base(message)
    {
    }

    public LocalPlatformException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
