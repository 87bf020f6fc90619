using McpSaas.Schema.Collections;

namespace McpSaas.Schema.Manifests;

/// <summary>One entry of <c>spec.tools</c> in a valid manifest.</summary>
public sealed record ToolUse
{
    /// <summary>The catalog tool id (<c>use:</c>).</summary>
    public required string Use { get; init; }

    /// <summary>The alias (<c>as:</c>), or null.</summary>
    public string? As { get; init; }

    /// <summary>The name this use goes by: the alias, else the tool id. Prefixes exposed tool names and secret bindings.</summary>
    public string Alias => As ?? Use;

    /// <summary>The <c>with:</c> settings as canonical JSON (keys sorted, no whitespace; <c>{}</c> when absent). Defaults are not filled in.</summary>
    public required string SettingsJson { get; init; }

    /// <summary>The <c>secrets:</c> entries, ordered by input name.</summary>
    public required ValueArray<SecretBinding> Secrets { get; init; }
}
