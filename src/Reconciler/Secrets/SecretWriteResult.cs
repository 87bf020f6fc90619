namespace McpSaas.Reconciler.Secrets;

/// <summary>The outcome of <see cref="ISecretStore.SetAsync"/>: the version written, or an error saying what to do.</summary>
public sealed record SecretWriteResult(SecretInfo? Info, string? Error)
{
    public bool Succeeded => Error is null;
}
