namespace McpSaas.Reconciler.Users;

/// <summary>A person as GitHub describes them at sign-in (<c>GET /user</c>): their numeric id (stable), login (may change) and email when public or given.</summary>
public sealed record GitHubUser(long Id, string Login, string? Email, string? Name);
