namespace McpSaas.Testing.Fakes.GitHub;

/// <summary>An installation of the fake App on an account.</summary>
public sealed class FakeInstallation
{
    internal FakeInstallation(long id, long accountId, string account, string accountType)
    {
        Id = id;
        AccountId = accountId;
        Account = account;
        AccountType = accountType;
    }

    public long Id { get; }

    public long AccountId { get; }

    public string Account { get; }

    public string AccountType { get; }

    /// <summary>A suspended installation gets 403 when minting tokens, like GitHub.</summary>
    public bool Suspended { get; set; }

    /// <summary>
    /// The permissions the account granted the App (<c>GET /app/installations/{id}</c>, and the tokens minted): read-only
    /// contents by default, as a GitHub App that only deploys needs; set <c>contents</c> to <c>write</c> for dashboard pull
    /// requests. Requests that need more answer 403 "Resource not accessible by integration".
    /// </summary>
    public System.Collections.Concurrent.ConcurrentDictionary<string, string> Permissions { get; } = new(StringComparer.Ordinal)
    {
        ["metadata"] = "read",
        ["contents"] = "read",
        ["checks"] = "write",
        ["statuses"] = "write",
        ["pull_requests"] = "write",
        ["members"] = "read",
    };

    /// <summary>Whether the installation has at least <paramref name="level"/> (<c>read</c> or <c>write</c>) on <paramref name="permission"/>.</summary>
    public bool Has(string permission, string level) =>
        Permissions.TryGetValue(permission, out var granted) && (granted == "write" || granted == level);
}
