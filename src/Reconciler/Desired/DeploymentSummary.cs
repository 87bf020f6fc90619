using System.Text.Json;
using McpSaas.Schema.Collections;

namespace McpSaas.Reconciler.Desired;

/// <summary>
/// A compact, secret-free description of one deployment: what the planner compares to explain a change
/// (tools, plan, keys, secret versions, modules) and what the state store records as last applied.
/// </summary>
public sealed record DeploymentSummary
{
    public required string ServerId { get; init; }

    public required string ScriptName { get; init; }

    /// <summary>The manifest file that declared it (relative to the repository root).</summary>
    public required string SourcePath { get; init; }

    public required string Plan { get; init; }

    public required bool Suspended { get; init; }

    public int? RatePerMinute { get; init; }

    public required ValueArray<ToolSummary> Tools { get; init; }

    public required ValueArray<NamedKeyHash> Keys { get; init; }

    /// <summary>Secret bindings by name with their reference and version.</summary>
    public required ValueArray<SecretSummary> Secrets { get; init; }

    /// <summary><c>name:sha256</c> of every module.</summary>
    public required ValueArray<string> Modules { get; init; }

    public required string AllowedHostsJson { get; init; }

    public required string UsageUrl { get; init; }

    public required string CompatibilityDate { get; init; }

    public required string ContentHash { get; init; }

    /// <summary>The hash without what a rebind may change (secret versions, key hashes); null in records written before it existed.</summary>
    public string? CodeHash { get; init; }

    public ValueArray<string> CompatibilityFlags { get; init; } = ValueArray<string>.Empty;

    /// <summary>
    /// Every binding as its canonical line (<see cref="DeploymentHash.Canonical"/>: secrets by reference and version, never
    /// value), so the content hash can be recomputed after a rebind without the source; null in older records.
    /// </summary>
    public ValueArray<string>? Bindings { get; init; }

    /// <summary>
    /// This deployment with other API keys: the summary after a keys-only rebind, with its hashes recomputed; null
    /// when the record is too old to recompute them (a full reconcile is needed then).
    /// </summary>
    public DeploymentSummary? WithKeys(ValueArray<NamedKeyHash> keys, string keyHashesJson) =>
        WithJson(new JsonBinding(DeploymentHash.KeyHashesBinding, keyHashesJson)) is { } next ? next with { Keys = keys } : null;

    /// <summary>
    /// This deployment suspended or resumed by the operator (MCP_CONFIG's <c>suspended</c>), as a rebind of MCP_CONFIG
    /// with its hashes recomputed; null when the record is too old.
    /// </summary>
    public DeploymentSummary? WithSuspended(bool suspended)
    {
        var config = Bindings?.FirstOrDefault(b => DeploymentHash.BindingName(b) == ConfigBinding);
        if (config is null)
        {
            return null;
        }

        var json = System.Text.Json.Nodes.JsonNode.Parse(config[(config.IndexOf(' ', "json ".Length) + 1)..])!.AsObject();
        json["suspended"] = suspended;
        return WithJson(new JsonBinding(ConfigBinding, json.ToJsonString())) is { } next ? next with { Suspended = suspended } : null;
    }

    /// <summary>The name of the json binding with the server's configuration.</summary>
    public const string ConfigBinding = "MCP_CONFIG";

    /// <summary>This deployment with one json binding replaced, content and code hashes recomputed; null when the record has no binding lines.</summary>
    public DeploymentSummary? WithJson(JsonBinding binding)
    {
        ArgumentNullException.ThrowIfNull(binding);
        if (Bindings is not { } bindings)
        {
            return null;
        }

        var line = DeploymentHash.Canonical(binding);
        var lines = bindings.Where(b => DeploymentHash.BindingName(b) != binding.Name).Append(line).ToValueArray();
        var code = lines.Where(b => !DeploymentHash.IsRebindable(DeploymentHash.BindingName(b), b.StartsWith("secret_text ", StringComparison.Ordinal)));
        return this with
        {
            Bindings = lines,
            ContentHash = DeploymentHash.FromLines(Modules, lines, CompatibilityDate, CompatibilityFlags),
            CodeHash = CodeHash is null ? null : DeploymentHash.FromLines(Modules, code, CompatibilityDate, CompatibilityFlags),
        };
    }

    /// <summary>The form the state store keeps (no secret values: secrets appear by reference and version).</summary>
    public string ToJson() => JsonSerializer.Serialize(this, DesiredJsonContext.Default.DeploymentSummary);

    /// <summary>Reads what <see cref="ToJson"/> wrote; null for JSON that is not a summary.</summary>
    public static DeploymentSummary? FromJson(string json)
    {
        try
        {
            return JsonSerializer.Deserialize(json, DesiredJsonContext.Default.DeploymentSummary);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>One tool use: alias, catalog id and canonical settings JSON.</summary>
public sealed record ToolSummary(string Alias, string Use, string SettingsJson);

/// <summary>A secret binding: its binding name, what it refers to (<c>slack-bot</c>, or <c>usage-token</c>) and version.</summary>
public sealed record SecretSummary(string Binding, string Reference, int Version);
