namespace McpSaas.StatusUi.Model;

/// <summary>A tool's secret input (<c>secrets:</c>), with a suggested secret name.</summary>
public sealed record SecretInputView(string Name, bool Required, string Description, string SuggestedName);
