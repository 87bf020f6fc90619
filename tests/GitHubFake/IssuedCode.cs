namespace McpSaas.Testing.Fakes.GitHub;

/// <summary>An authorization code handed to a callback: for whom, the redirect URI it was issued for, its PKCE challenge and expiry.</summary>
internal sealed record IssuedCode(string Code, long UserId, string RedirectUri, string? CodeChallenge, DateTimeOffset ExpiresAt);
