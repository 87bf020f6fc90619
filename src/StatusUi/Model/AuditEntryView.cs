namespace McpSaas.StatusUi.Model;

/// <summary>One audit log entry as the audit page and its JSON show it (names things, never a secret value or key).</summary>
public sealed record AuditEntryView(long Id, DateTimeOffset At, string Actor, string Action, string? Target, string? Detail);
