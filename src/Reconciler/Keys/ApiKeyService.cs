using McpSaas.Reconciler.State;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace McpSaas.Reconciler.Keys;

/// <summary>
/// Named API keys of a server: create (the key is returned once and only its hash stored), list, revoke.
/// Each change is audited by name and key id, never by value. The Worker learns of a change through the next
/// deploy (<c>MCP_KEY_HASHES</c> is part of the content hash).
/// </summary>
public sealed partial class ApiKeyService(IStateStore store, ILogger<ApiKeyService>? logger = null)
{
    public const string DefaultKeyName = "default";

    private readonly ILogger _logger = logger ?? (ILogger)NullLogger.Instance;

    /// <summary>Key names: what <c>keys create --name</c> accepts.</summary>
    public static bool IsValidName(string? name) =>
        name is { Length: > 0 and <= 63 } && char.IsAsciiLetterOrDigit(name[0])
        && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '_' or '.');

    public async Task<ApiKeyCreation> CreateAsync(ServerId serverId, string name, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(serverId);
        if (!IsValidName(name))
        {
            return ApiKeyCreation.Failed($"'{name}' is not a valid key name: use 1-63 lowercase letters, digits, '-', '_' or '.', starting with a letter or digit");
        }

        var generated = ApiKeys.Generate();
        var result = await store.CreateApiKeyAsync(
            new NewApiKey { ServerId = serverId, Name = name, Hash = generated.Hash, KeyId = generated.KeyId }, cancellationToken).ConfigureAwait(false);
        switch (result.Outcome)
        {
            case ApiKeyCreateOutcome.UnknownServer:
                return ApiKeyCreation.Failed($"unknown server '{serverId}': `mcpsaas servers list` shows the servers McpSaas knows");
            case ApiKeyCreateOutcome.NameTaken:
                return ApiKeyCreation.Failed($"server '{serverId}' already has a key named '{name}': pick another --name, or `mcpsaas keys revoke {serverId} {name}` first");
        }

        await store.AppendAuditAsync(new AuditEntry
        {
            Actor = actor,
            Action = "key.create",
            Org = serverId.Org,
            Target = serverId.ToString(),
            Detail = $"key '{name}' (id {generated.KeyId})",
        }, cancellationToken).ConfigureAwait(false);
        Log.KeyCreated(_logger, serverId.ToString(), name, generated.KeyId);
        return new ApiKeyCreation(result.Key, generated.Key, null);
    }

    public Task<IReadOnlyList<ApiKeyRecord>> ListAsync(ServerId serverId, bool includeRevoked, CancellationToken cancellationToken) =>
        store.ListApiKeysAsync(serverId, includeRevoked, cancellationToken);

    /// <summary>Revokes the active key of that name; <c>false</c> when the server has none.</summary>
    public async Task<bool> RevokeAsync(ServerId serverId, string name, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(serverId);
        if (!await store.RevokeApiKeyAsync(serverId, name, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        await store.AppendAuditAsync(new AuditEntry
        {
            Actor = actor,
            Action = "key.revoke",
            Org = serverId.Org,
            Target = serverId.ToString(),
            Detail = $"key '{name}'",
        }, cancellationToken).ConfigureAwait(false);
        Log.KeyRevoked(_logger, serverId.ToString(), name);
        return true;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "API key {Name} (id {KeyId}) created for {ServerId}")]
        public static partial void KeyCreated(ILogger logger, string serverId, string name, string keyId);

        [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "API key {Name} of {ServerId} revoked")]
        public static partial void KeyRevoked(ILogger logger, string serverId, string name);
    }
}
