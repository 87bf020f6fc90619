namespace McpSaas.Reconciler.Reporting;

/// <summary>A known limit of an MCP client that a server's tool surface breaks (McpSaas does not enforce these).</summary>
/// <param name="Client">The client: <c>Cursor</c>, <c>VS Code</c>.</param>
/// <param name="Message">What breaks and what the client does about it.</param>
public sealed record ClientLimitWarning(string Client, string Message);
