using System.Text.Json.Serialization;

namespace McpSaas.Reconciler.Platforms.Cloudflare;

/// <summary>One step of <see cref="CloudflareMigrations"/>.</summary>
public sealed class CloudflareMigrationStep
{
    /// <summary>New classes with SQLite-backed storage (the only kind the Workers Free plan allows).</summary>
    [JsonPropertyName("new_sqlite_classes")]
    public List<string>? NewSqliteClasses { get; set; }

    /// <summary>New classes with the older key-value storage (Workers Paid only; refused with 10097 on Free).</summary>
    [JsonPropertyName("new_classes")]
    public List<string>? NewClasses { get; set; }

    [JsonPropertyName("deleted_classes")]
    public List<string>? DeletedClasses { get; set; }
}
