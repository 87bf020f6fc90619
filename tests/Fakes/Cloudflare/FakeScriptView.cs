namespace McpSaas.Testing.Fakes.Cloudflare;

/// <summary>A snapshot of one script the fake holds, for test assertions (secret values included: it is the fake's own state).</summary>
/// <param name="Bindings">Each binding as its JSON text (secrets without their value).</param>
public sealed record FakeScriptView(
    string Name,
    string Tag,
    string Etag,
    int Version,
    DateTimeOffset CreatedOn,
    DateTimeOffset ModifiedOn,
    string MainModule,
    IReadOnlyList<FakeModule> Modules,
    string CompatibilityDate,
    IReadOnlyList<string> CompatibilityFlags,
    IReadOnlyList<string> Bindings,
    IReadOnlyDictionary<string, string> Secrets,
    IReadOnlyList<string> Tags,
    string? MigrationTag,
    IReadOnlyList<string> DurableObjectClasses,
    bool WorkersDevEnabled,
    string LastDeployedFrom);
