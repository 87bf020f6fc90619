using McpSaas.Reconciler.Desired;
using McpSaas.Reconciler.Platforms;

namespace McpSaas.Reconciler.Tests.Support;

/// <summary>Resolves secrets from a dictionary and records which were asked for.</summary>
internal sealed class FakeSecretResolver : ISecretResolver
{
    public Dictionary<string, string> Values { get; } = new(StringComparer.Ordinal);

    public List<string> Asked { get; } = [];

    public Task<string> ResolveAsync(string serverId, SecretSource source, CancellationToken cancellationToken)
    {
        var key = source switch
        {
            StoredSecret s => s.Reference,
            UsageTokenSecret => $"usage-token:{serverId}",
            _ => throw new ArgumentOutOfRangeException(nameof(source)),
        };
        Asked.Add(key);
        return Values.TryGetValue(key, out var value)
            ? Task.FromResult(value)
            : key.StartsWith("usage-token:", StringComparison.Ordinal)
                ? Task.FromResult("token-for-" + serverId)
                : throw new SecretUnavailableException($"secret '{key}' is not set");
    }
}
