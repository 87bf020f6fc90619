namespace McpSaas.Reconciler.Keys;

/// <summary>
/// A plaintext credential (an API key, a usage ingest token) on its way to the one place that may show or bind it.
/// <see cref="ToString"/> never reveals it, so it cannot leak through logs, string interpolation or exception messages;
/// call <see cref="Reveal"/> where the value is really needed.
/// </summary>
public sealed class SensitiveToken
{
    private readonly string _value;

    public SensitiveToken(string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        _value = value;
    }

    public string Reveal() => _value;

    public override string ToString() => "(sensitive value)";
}
