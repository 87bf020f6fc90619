using System.Globalization;

namespace McpSaas.Schema.Diagnostics;

/// <summary>
/// One problem found in a manifest, in the canonical form of manifest-v1.md rule 2:
/// <c>servers/team/mcp.yaml:14:9: error MCP104: spec.tools[1].use: unknown tool 'slak' (did you mean 'slack'?)</c>.
/// </summary>
/// <param name="Path">File path relative to the repository (or validated folder) root, with '/' separators.</param>
/// <param name="Line">1-based line of the offending value (of the key, for an unknown or duplicate key).</param>
/// <param name="Column">1-based column, as <paramref name="Line"/>.</param>
/// <param name="Severity">Error or warning.</param>
/// <param name="Code">Stable code, e.g. <c>MCP104</c>.</param>
/// <param name="DocPath">Dotted path in the document, e.g. <c>spec.tools[1].use</c>; empty for the document itself.</param>
/// <param name="Message">What is wrong and, where possible, how to fix it. Never contains a secret value.</param>
public sealed record Diagnostic(string Path, int Line, int Column, Severity Severity, string Code, string DocPath, string Message)
{
    public bool IsError => Severity == Severity.Error;

    /// <summary>The canonical one-line form used by the CLI, JSON output and check-run annotations.</summary>
    public override string ToString()
    {
        var severity = Severity == Severity.Error ? "error" : "warning";
        var docPath = DocPath.Length > 0 ? DocPath + ": " : "";
        return string.Create(CultureInfo.InvariantCulture, $"{Path}:{Line}:{Column}: {severity} {Code}: {docPath}{Message}");
    }
}
