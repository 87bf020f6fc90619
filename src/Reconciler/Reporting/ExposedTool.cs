namespace McpSaas.Reconciler.Reporting;

/// <summary>
/// One MCP tool as a client sees it: its exposed name (alias applied), the catalog tool and MCP tool it comes from,
/// and what the catalog's annotations say about it (a tool whose <c>readOnlyHint</c> is false writes).
/// </summary>
/// <param name="Name">The exposed name: <c>gh_create_issue</c>.</param>
/// <param name="Use">The catalog tool id (<c>github</c>).</param>
/// <param name="Alias">The tool use's name (its <c>as:</c>, else the id).</param>
/// <param name="Tool">The MCP tool's own name in the catalog (<c>create_issue</c>).</param>
/// <param name="Writes">Changes state upstream (annotation <c>readOnlyHint: false</c>).</param>
/// <param name="Destructive">May destroy data upstream (annotation <c>destructiveHint: true</c>).</param>
public sealed record ExposedTool(string Name, string Use, string Alias, string Tool, bool Writes, bool Destructive);
