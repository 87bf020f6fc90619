namespace McpSaas.StatusUi.Model;

/// <summary>One getting-started step: what to do, and the text to paste.</summary>
public sealed record StepView(int Number, string Title, string Text, string Code, string? LinkText, string? Link);
