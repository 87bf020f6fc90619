using McpSaas.Schema.Collections;
using McpSaas.Schema.Diagnostics;
using McpSaas.Schema.Manifests;
using McpSaas.Schema.Plans;

namespace McpSaas.Reconciler.Tests.Support;

/// <summary>Builders for validated manifests, so Desire and Plan tests do not depend on YAML.</summary>
internal static class Manifests
{
    public static ToolUse Tool(string use, string settingsJson = "{}", string? alias = null, params (string Input, string Reference)[] secrets) => new()
    {
        Use = use,
        As = alias,
        SettingsJson = settingsJson,
        Secrets = secrets.OrderBy(s => s.Input, StringComparer.Ordinal).Select(s => new SecretBinding(s.Input, s.Reference)).ToValueArray(),
    };

    public static ToolUse Fetch(params string[] hosts) =>
        Tool("fetch", "{\"allowedHosts\":[" + string.Join(",", hosts.Select(h => $"\"{h}\"")) + "]}");

    public static ToolUse Slack(string secret = "slack-bot", string settingsJson = "{}") => Tool("slack", settingsJson, null, ("botToken", secret));

    public static ServerManifest Server(string name, PlanTier plan, params ToolUse[] tools) => new()
    {
        Name = name,
        Plan = plan,
        Tools = tools.ToValueArray(),
    };

    public static ManifestFile File(string path, params ServerManifest[] servers) => new()
    {
        Path = path,
        ParseFailed = false,
        FileDiagnostics = ValueArray<Diagnostic>.Empty,
        Documents = servers.Select((s, i) => new ManifestDocument
        {
            Index = i,
            Line = 1,
            Name = s.Name,
            Server = s,
            Diagnostics = ValueArray<Diagnostic>.Empty,
        }).ToValueArray(),
    };

    public static ManifestFile Invalid(string path, string name, string code = "MCP104", string message = "unknown tool 'slak' (did you mean 'slack'?)") => new()
    {
        Path = path,
        ParseFailed = false,
        FileDiagnostics = ValueArray<Diagnostic>.Empty,
        Documents = ValueArray.Create(new ManifestDocument
        {
            Index = 0,
            Line = 1,
            Name = name,
            Server = null,
            Diagnostics = ValueArray.Create(new Diagnostic(path, 12, 14, Severity.Error, code, "spec.tools[0].use", message)),
        }),
    };

    public static ManifestFile Unparseable(string path) => new()
    {
        Path = path,
        ParseFailed = true,
        Documents = ValueArray<ManifestDocument>.Empty,
        FileDiagnostics = ValueArray.Create(new Diagnostic(path, 3, 1, Severity.Error, "MCP001", "", "YAML syntax error")),
    };
}
