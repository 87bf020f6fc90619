namespace McpSaas.Testing.Fakes.GitHub;

/// <summary>An installation token the fake minted, and when it stops working (on the fake's clock).</summary>
public sealed record IssuedToken(string Token, long InstallationId, DateTimeOffset ExpiresAt)
{
    public override string ToString() => $"IssuedToken {{ Installation = {InstallationId}, ExpiresAt = {ExpiresAt:O} }}";
}
