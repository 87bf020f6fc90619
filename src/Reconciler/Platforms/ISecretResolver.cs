using McpSaas.Reconciler.Desired;

namespace McpSaas.Reconciler.Platforms;

/// <summary>
/// Resolves a secret binding's value at deploy time, and only then. Implementations read the encrypted
/// secret store; values never enter plans, logs, state records or exceptions.
/// </summary>
public interface ISecretResolver
{
    /// <param name="serverId">The server (<c>org/repo/name</c>) the binding belongs to: secrets are resolved in its org and repo scope.</param>
    /// <param name="source">The binding's source (reference and version).</param>
    /// <exception cref="SecretUnavailableException">The secret is not set (any more).</exception>
    Task<string> ResolveAsync(string serverId, SecretSource source, CancellationToken cancellationToken);
}

/// <summary>A secret a deployment needs is not available; the message names it (never its value) and the command that sets it.</summary>
public sealed class SecretUnavailableException(string message) : Exception(message);
