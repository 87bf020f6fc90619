namespace McpSaas.StatusUi.Model;

/// <summary>One client's connection snippet (<c>claude</c>, <c>cursor</c>, <c>vscode</c>, <c>claude-code</c>, <c>npx</c>, <c>json</c>).</summary>
public sealed record ClientSnippetView(string Client, string Title, string Snippet);
