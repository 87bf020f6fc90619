using System.Text.Json.Nodes;

namespace McpSaas.Testing.Fakes.Cloudflare;

/// <summary>One Worker script as the fake keeps it (mutable, under the fake's lock).</summary>
internal sealed class FakeScript
{
    public required string Name { get; init; }

    /// <summary>Cloudflare's immutable id of the script.</summary>
    public required string Tag { get; init; }

    public required DateTimeOffset CreatedOn { get; init; }

    public DateTimeOffset ModifiedOn { get; set; }

    public string Etag { get; set; } = "";

    public int Version { get; set; }

    public string MainModule { get; set; } = "";

    public List<FakeModule> Modules { get; set; } = [];

    public string CompatibilityDate { get; set; } = "";

    public List<string> CompatibilityFlags { get; set; } = [];

    /// <summary>Bindings as uploaded; <c>secret_text</c> ones without their <c>text</c> (values live in <see cref="Secrets"/>).</summary>
    public List<JsonObject> Bindings { get; set; } = [];

    public Dictionary<string, string> Secrets { get; set; } = new(StringComparer.Ordinal);

    public List<string> Tags { get; set; } = [];

    public string? MigrationTag { get; set; }

    /// <summary>Classes that are Durable Object classes (migrated) of this script.</summary>
    public HashSet<string> DurableObjectClasses { get; set; } = new(StringComparer.Ordinal);

    public bool WorkersDevEnabled { get; set; }

    public bool PreviewsEnabled { get; set; }

    public string LastDeployedFrom { get; set; } = "api";

    public FakeScriptView View() => new(
        Name, Tag, Etag, Version, CreatedOn, ModifiedOn, MainModule,
        [.. Modules], CompatibilityDate, [.. CompatibilityFlags],
        [.. Bindings.Select(b => b.ToJsonString())],
        new Dictionary<string, string>(Secrets, StringComparer.Ordinal),
        [.. Tags], MigrationTag, [.. DurableObjectClasses.Order(StringComparer.Ordinal)], WorkersDevEnabled, LastDeployedFrom);
}
