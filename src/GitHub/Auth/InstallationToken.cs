using McpSaas.Reconciler.Keys;

namespace McpSaas.GitHub.Auth;

/// <summary>An installation access token (<c>ghs_…</c>, one hour) and when GitHub says it expires. Never logged: <see cref="SensitiveToken"/>.</summary>
public sealed record InstallationToken(long InstallationId, SensitiveToken Token, DateTimeOffset ExpiresAt);
