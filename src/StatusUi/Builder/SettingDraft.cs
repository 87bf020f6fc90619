namespace McpSaas.StatusUi.Builder;

/// <summary>One setting under <c>with:</c>.</summary>
public sealed record SettingDraft(string Name, SettingValue Value);
