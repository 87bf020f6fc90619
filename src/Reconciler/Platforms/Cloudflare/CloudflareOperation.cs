namespace McpSaas.Reconciler.Platforms.Cloudflare;

/// <summary>One kind of request of the client, for logs and error messages.</summary>
/// <param name="Name">Short, stable name for logs (<c>upload</c>, <c>list</c>, <c>secrets-bulk</c>, …).</param>
/// <param name="Description">What the request does, for people (<c>upload of script 'mcp-a'</c>).</param>
/// <param name="ScriptName">The script it concerns, or null for account-wide requests.</param>
/// <param name="Writes">Whether it changes something (it needs <c>Workers Scripts Edit</c>, else <c>Read</c>).</param>
public sealed record CloudflareOperation(string Name, string Description, string? ScriptName, bool Writes)
{
    /// <summary>The token permission the request needs, as the dashboard names it.</summary>
    public string Permission => Writes ? "Account · Workers Scripts · Edit" : "Account · Workers Scripts · Read (or Edit)";
}
