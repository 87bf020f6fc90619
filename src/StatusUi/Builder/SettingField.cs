namespace McpSaas.StatusUi.Builder;

/// <summary>A tool setting as a form field: name, how it is entered, whether required, its default and help text.</summary>
public sealed record SettingField(string Name, SettingKind Kind, bool Required, string? Default, string Description, IReadOnlyList<string> Enum);
