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
}
