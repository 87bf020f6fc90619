namespace McpSaas.StatusUi.Model;

/// <summary>An MCP tool as clients see it (<see cref="Name"/> with the alias prefix).</summary>
public sealed record McpToolView(string Name, string Description, bool Writes);
