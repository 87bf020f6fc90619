namespace McpSaas.Reconciler.State;

/// <summary>The state store cannot be used as it is (a schema from a newer McpSaas, a failed migration); the message says what to do.</summary>
public sealed class StateStoreException : Exception
{
    public StateStoreException()
    {
    }

    public StateStoreException(string message)
        : base(message)
    {
    }

    public StateStoreException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
