using System.Text.Json;
using McpSaas.Reconciler.Desired;

namespace McpSaas.Reconciler.Planning;

/// <summary>Explains the difference between two deployment summaries as reasons. Secrets appear by name, never by value.</summary>
internal static class SummaryDiff
{
    public static IEnumerable<Reason> Creation(DeploymentSummary next)
    {
        foreach (var tool in next.Tools)
        {
            yield return Reason.Added($"tool {ToolLabel(tool)}");
        }

        yield return Reason.Added($"plan {next.Plan}");
        if (next.Suspended)
        {
            yield return Reason.Added("suspended");
        }

        foreach (var key in next.Keys)
        {
            yield return Reason.Added($"key {key.Name}");
        }

        foreach (var secret in next.Secrets.Where(s => s.Reference != "usage-token"))
        {
            yield return Reason.Added($"secret {secret.Reference} as {secret.Binding} (sensitive value)");
        }
    }

    public static (List<Reason> Reasons, int UnchangedTools) Between(DeploymentSummary previous, DeploymentSummary next)
    {
        var reasons = new List<Reason>();
        var before = previous.Tools.ToDictionary(t => t.Alias, StringComparer.Ordinal);
        var after = next.Tools.ToDictionary(t => t.Alias, StringComparer.Ordinal);
        var unchanged = 0;
        foreach (var tool in next.Tools)
        {
            if (!before.TryGetValue(tool.Alias, out var old))
            {
                reasons.Add(Reason.Added($"tool {ToolLabel(tool)}"));
            }
            else if (old.Use != tool.Use)
            {
                reasons.Add(Reason.Changed($"tool {tool.Alias}: {old.Use} -> {tool.Use}"));
            }
            else if (old.SettingsJson != tool.SettingsJson)
            {
                foreach (var line in SettingsChanges(old.SettingsJson, tool.SettingsJson))
                {
                    reasons.Add(Reason.Changed($"tool {ToolLabel(tool)}: {line}"));
                }
            }
            else
            {
                unchanged++;
            }
        }

        foreach (var tool in previous.Tools.Where(t => !after.ContainsKey(t.Alias)))
        {
            reasons.Add(Reason.Removed($"tool {ToolLabel(tool)}"));
        }

        if (previous.Plan != next.Plan)
        {
            reasons.Add(Reason.Changed($"plan {previous.Plan} -> {next.Plan}"));
        }

        if (previous.Suspended != next.Suspended)
        {
            reasons.Add(Reason.Changed($"suspended {Bool(previous.Suspended)} -> {Bool(next.Suspended)}"));
        }

        if (previous.RatePerMinute != next.RatePerMinute)
        {
            reasons.Add(Reason.Changed($"rate limit {Rate(previous.RatePerMinute)} -> {Rate(next.RatePerMinute)}"));
        }

        KeyReasons(previous, next, reasons);
        SecretReasons(previous, next, reasons);

        var oldModules = previous.Modules.ToDictionary(ModuleName, m => m, StringComparer.Ordinal);
        foreach (var module in next.Modules.Where(m => ModuleName(m) != "main.mjs"))
        {
            if (oldModules.TryGetValue(ModuleName(module), out var old) && old != module)
            {
                reasons.Add(Reason.Changed(ModuleName(module) == "runtime.mjs" ? "worker runtime updated" : $"module {ModuleName(module)} updated"));
            }
        }

        if (previous.AllowedHostsJson != next.AllowedHostsJson || previous.UsageUrl != next.UsageUrl)
        {
            reasons.Add(Reason.Changed("endpoint settings changed (allowed hosts or usage URL)"));
        }

        if (previous.CompatibilityDate != next.CompatibilityDate)
        {
            reasons.Add(Reason.Changed($"compatibility date {previous.CompatibilityDate} -> {next.CompatibilityDate}"));
        }

        if (reasons.Count == 0)
        {
            reasons.Add(Reason.Changed("deployment changed"));
        }

        return (reasons, unchanged);
    }

    /// <summary>
    /// A rebind (same code hash): the reasons, the secret bindings whose reference or version changed, and whether
    /// the API keys changed.
    /// </summary>
    public static (List<Reason> Reasons, List<string> Rebound, bool KeysChanged) Rebind(DeploymentSummary previous, DeploymentSummary next)
    {
        var reasons = new List<Reason>();
        KeyReasons(previous, next, reasons);
        var keysChanged = reasons.Count > 0
            || !previous.Keys.Select(k => k.Sha256).Order(StringComparer.Ordinal).SequenceEqual(next.Keys.Select(k => k.Sha256).Order(StringComparer.Ordinal));
        SecretReasons(previous, next, reasons);
        var before = previous.Secrets.ToDictionary(s => s.Binding, StringComparer.Ordinal);
        var rebound = next.Secrets
            .Where(s => !before.TryGetValue(s.Binding, out var old) || old.Reference != s.Reference || old.Version != s.Version)
            .Select(s => s.Binding).Order(StringComparer.Ordinal).ToList();
        if (reasons.Count == 0)
        {
            reasons.Add(Reason.Changed("secret bindings changed (sensitive values)"));
        }

        return (reasons, rebound, keysChanged);
    }

    private static void KeyReasons(DeploymentSummary previous, DeploymentSummary next, List<Reason> reasons)
    {
        var before = previous.Keys.ToDictionary(k => k.Name, StringComparer.Ordinal);
        var after = next.Keys.ToDictionary(k => k.Name, StringComparer.Ordinal);
        foreach (var key in next.Keys)
        {
            if (!before.TryGetValue(key.Name, out var old))
            {
                reasons.Add(Reason.Added($"key {key.Name}"));
            }
            else if (old.Sha256 != key.Sha256)
            {
                reasons.Add(Reason.Changed($"key {key.Name} rotated"));
            }
        }

        foreach (var key in previous.Keys.Where(k => !after.ContainsKey(k.Name)))
        {
            reasons.Add(Reason.Removed($"key {key.Name} revoked"));
        }
    }

    private static void SecretReasons(DeploymentSummary previous, DeploymentSummary next, List<Reason> reasons)
    {
        var before = previous.Secrets.ToDictionary(s => s.Binding, StringComparer.Ordinal);
        var after = next.Secrets.ToDictionary(s => s.Binding, StringComparer.Ordinal);
        foreach (var secret in next.Secrets)
        {
            if (!before.TryGetValue(secret.Binding, out var old))
            {
                reasons.Add(Reason.Added($"secret {secret.Reference} as {secret.Binding} (sensitive value)"));
            }
            else if (old.Reference != secret.Reference)
            {
                reasons.Add(Reason.Changed($"secret {secret.Binding}: {old.Reference} -> {secret.Reference} (sensitive value)"));
            }
            else if (old.Version != secret.Version)
            {
                reasons.Add(Reason.Changed(secret.Reference == "usage-token"
                    ? "usage token rotated (sensitive value)"
                    : $"secret {secret.Reference} changed (sensitive value)"));
            }
        }

        foreach (var secret in previous.Secrets.Where(s => !after.ContainsKey(s.Binding)))
        {
            reasons.Add(Reason.Removed($"secret {secret.Reference} as {secret.Binding}"));
        }
    }

    /// <summary>Per-setting changes of a tool's <c>with:</c>, as <c>with.channels: ["C1"] -> ["C1","C2"]</c>.</summary>
    private static IEnumerable<string> SettingsChanges(string oldJson, string newJson)
    {
        using var oldDoc = JsonDocument.Parse(oldJson);
        using var newDoc = JsonDocument.Parse(newJson);
        var before = oldDoc.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetRawText(), StringComparer.Ordinal);
        var after = newDoc.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetRawText(), StringComparer.Ordinal);
        foreach (var name in before.Keys.Union(after.Keys).Order(StringComparer.Ordinal))
        {
            var has0 = before.TryGetValue(name, out var v0);
            var has1 = after.TryGetValue(name, out var v1);
            if (has0 && has1 && v0 == v1)
            {
                continue;
            }

            yield return $"with.{name}: {(has0 ? v0 : "(unset)")} -> {(has1 ? v1 : "(unset)")}";
        }
    }

    private static string ToolLabel(ToolSummary tool) => tool.Alias == tool.Use ? tool.Use : $"{tool.Use} as {tool.Alias}";

    private static string ModuleName(string module) => module[..module.LastIndexOf(':')];

    private static string Bool(bool value) => value ? "true" : "false";

    private static string Rate(int? rate) => rate is null ? "unlimited" : $"{rate}/min";
}
