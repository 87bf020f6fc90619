namespace McpSaas.Testing.Fakes.GitHub;

/// <summary>A user access token the fake's OAuth token endpoint issued (<c>ghu_…</c>), for whom, and when it stops working.</summary>
public sealed record IssuedUserToken(string Token, long UserId, DateTimeOffset ExpiresAt)
{
    public override string ToString() => $"IssuedUserToken {{ User = {UserId}, ExpiresAt = {ExpiresAt:O} }}";
}
