namespace McpSaas.StatusUi.SignIn;

/// <summary>An installation of the McpSaas App a signed-in person can reach: its id and the account (org or user) it is on.</summary>
public sealed record UserInstallation(long Id, string AccountLogin, long AccountId, string AccountType)
{
    public bool IsUserAccount => string.Equals(AccountType, "User", StringComparison.OrdinalIgnoreCase);
}
