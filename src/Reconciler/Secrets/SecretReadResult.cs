namespace McpSaas.Reconciler.Secrets;

/// <summary>
/// The outcome of <see cref="ISecretStore.RevealAsync"/>. A sealed class, not a record: a record's generated
/// <c>ToString</c> would list its members; this one's <see cref="ToString"/> never shows the value.
/// </summary>
public sealed class SecretReadResult
{
    private SecretReadResult(SecretReadStatus status, SecretInfo? info, SecretValue? value, string? error)
    {
        Status = status;
        Info = info;
        Value = value;
        Error = error;
    }

    public SecretReadStatus Status { get; }

    /// <summary>The secret that was found (the repo-scoped one when both exist).</summary>
    public SecretInfo? Info { get; }

    /// <summary>Set only when <see cref="Status"/> is <see cref="SecretReadStatus.Found"/>.</summary>
    public SecretValue? Value { get; }

    /// <summary>What went wrong and what to do (never contains the value).</summary>
    public string? Error { get; }

    public static SecretReadResult Found(SecretInfo info, SecretValue value) => new(SecretReadStatus.Found, info, value, null);

    public static SecretReadResult NotFound(string error) => new(SecretReadStatus.NotFound, null, null, error);

    public static SecretReadResult Unreadable(SecretInfo info, string error) => new(SecretReadStatus.Unreadable, info, null, error);

    public override string ToString() => Status switch
    {
        SecretReadStatus.Found => $"Found {Info?.Name} v{Info?.Version} ({Info?.Scope})",
        _ => $"{Status}: {Error}",
    };
}
