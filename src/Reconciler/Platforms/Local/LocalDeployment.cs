using System.Text.Json.Serialization;
using McpSaas.Reconciler.Desired;

namespace McpSaas.Reconciler.Platforms.Local;

/// <summary>
/// What the local platform records for one deployed Worker (<c>workers/&lt;script&gt;/deployment.json</c>):
/// ownership, route, modules by hash and bindings without secret values. Module files sit beside it.
/// </summary>
public sealed class LocalDeployment
{
    [JsonPropertyName("scriptName")]
    public required string ScriptName { get; init; }

    [JsonPropertyName("ownership")]
    public required Ownership Ownership { get; init; }

    /// <summary>The router path prefix: <c>/org/repo/name</c>.</summary>
    [JsonPropertyName("route")]
    public required string Route { get; init; }

    [JsonPropertyName("compatibilityDate")]
    public required string CompatibilityDate { get; init; }

    [JsonPropertyName("compatibilityFlags")]
    public required List<string> CompatibilityFlags { get; init; }

    /// <summary>Module part names with the SHA-256 they had when deployed.</summary>
    [JsonPropertyName("modules")]
    public required List<LocalModule> Modules { get; init; }

    [JsonPropertyName("bindings")]
    public required List<WorkerBinding> Bindings { get; init; }
}

public sealed record LocalModule([property: JsonPropertyName("name")] string Name, [property: JsonPropertyName("sha256")] string Sha256);
