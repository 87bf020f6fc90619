using McpSaas.Reconciler.Desired;
using McpSaas.Reconciler.Keys;
using McpSaas.Reconciler.Platforms;
using McpSaas.Reconciler.Secrets;

namespace McpSaas.Reconciler.Reconciling;

/// <summary>Resolves secret bindings from the encrypted secret store, and usage tokens by derivation.</summary>
public sealed class StoreSecretResolver(ISecretStore secrets, UsageTokens usageTokens) : ISecretResolver
{
    public async Task<string> ResolveAsync(string serverId, SecretSource source, CancellationToken cancellationToken)
    {
        if (!ServerId.TryParse(serverId, out var id))
        {
            throw new SecretUnavailableException($"'{serverId}' is not a server id");
        }

        switch (source)
        {
            case StoredSecret stored:
                var read = await secrets.RevealAsync(id.Org, id.Repo, stored.Reference, cancellationToken).ConfigureAwait(false);
                return read.Value?.Reveal()
                    ?? throw new SecretUnavailableException(
                        $"secret '{stored.Reference}' of server {serverId} is unavailable ({read.Error}): run ./mcpsaas secrets set {id.Org} {stored.Reference}");
            case UsageTokenSecret token:
                return (await usageTokens.TokenAsync(id, token.Version, cancellationToken).ConfigureAwait(false)).Reveal();
            default:
                throw new SecretUnavailableException($"unknown secret source {source.GetType().Name}");
        }
    }
}
