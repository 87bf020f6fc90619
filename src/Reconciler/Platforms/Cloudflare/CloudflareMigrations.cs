using System.Text.Json.Serialization;

namespace McpSaas.Reconciler.Platforms.Cloudflare;

/// <summary>
/// Durable Object migrations of an upload (metadata <c>migrations</c>, the multi-step form): applied only when the
/// script's current migration tag equals <see cref="OldTag"/> (absent: the script has none), after which it is
/// <see cref="NewTag"/>. Cloudflare refuses a mismatch with 10079 and a class migrated twice.
/// </summary>
public sealed class CloudflareMigrations
{
    [JsonPropertyName("old_tag")]
    public string? OldTag { get; set; }

    [JsonPropertyName("new_tag")]
    public string? NewTag { get; set; }

    [JsonPropertyName("steps")]
    public List<CloudflareMigrationStep> Steps { get; set; } = [];
}
