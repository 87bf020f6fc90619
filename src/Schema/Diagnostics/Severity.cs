namespace McpSaas.Schema.Diagnostics;

/// <summary>How bad a diagnostic is; only errors make a manifest invalid.</summary>
public enum Severity
{
    Error = 0,
    Warning = 1,
}
