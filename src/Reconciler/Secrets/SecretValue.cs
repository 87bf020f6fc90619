namespace McpSaas.Reconciler.Secrets;

/// <summary>
/// A secret's plaintext. <see cref="ToString"/> never reveals it (so string interpolation, logging and exception
/// messages cannot leak it) and it has no public properties (so a serializer finds nothing to write);
/// <see cref="Reveal"/> is the one way to read it, where a value is really needed (binding it to a Worker).
/// </summary>
public sealed class SecretValue
{
    private readonly string _value;

    public SecretValue(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        _value = value;
    }

    public string Reveal() => _value;

    public override string ToString() => "(sensitive value)";
}
