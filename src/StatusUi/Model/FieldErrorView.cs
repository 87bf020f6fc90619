namespace McpSaas.StatusUi.Model;

/// <summary>
/// An error at a form field: <see cref="Field"/> is the field's name (<c>name</c>, <c>plan</c>, <c>slack.with.channels</c>,
/// <c>slack.secrets.botToken</c>, <c>tools</c>, …; <c>form</c> when it belongs to no field); <see cref="Code"/> is the
/// validator's diagnostic code (MCP…) when it came from the validator.
/// </summary>
public sealed record FieldErrorView(string Field, string Message, string? Code = null, string? DocPath = null);
