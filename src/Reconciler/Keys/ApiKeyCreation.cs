using McpSaas.Reconciler.State;

namespace McpSaas.Reconciler.Keys;

/// <summary>
/// The outcome of <see cref="ApiKeyService.CreateAsync"/>: the stored record and the plaintext key (show it once),
/// or an error saying what to do.
/// </summary>
public sealed record ApiKeyCreation(ApiKeyRecord? Record, SensitiveToken? Key, string? Error)
{
    public bool Succeeded => Error is null;

    public static ApiKeyCreation Failed(string error) => new(null, null, error);
}
