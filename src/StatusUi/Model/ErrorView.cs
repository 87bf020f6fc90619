namespace McpSaas.StatusUi.Model;

/// <summary>The JSON API's error body.</summary>
public sealed record ErrorView(string Error);
