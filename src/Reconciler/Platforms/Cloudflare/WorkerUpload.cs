namespace McpSaas.Reconciler.Platforms.Cloudflare;

/// <summary>
/// Everything one <c>PUT …/workers/scripts/{name}</c> sends (cloudflare-workers-api.md §2). Secrets are not in it:
/// <see cref="KeepBindings"/> keeps the <c>secret_text</c> bindings set through the secrets endpoint, so secret
/// values only ever travel in secret bodies.
/// </summary>
public sealed record WorkerUpload
{
    /// <summary>The keep list McpSaas uploads with: secrets set through the secrets endpoint survive every upload (what wrangler does).</summary>
    public static readonly IReadOnlyList<string> KeepSecrets = [BindingTypes.SecretText, BindingTypes.SecretKey];

    public required string ScriptName { get; init; }

    /// <summary>Module parts, in upload order; the first is the entry module unless <see cref="MainModule"/> says otherwise.</summary>
    public required IReadOnlyList<UploadModule> Modules { get; init; }

    /// <summary>The part name of the entry module (<c>main_module</c>); default the first module.</summary>
    public string? MainModule { get; init; }

    public required string CompatibilityDate { get; init; }

    public IReadOnlyList<string> CompatibilityFlags { get; init; } = [];

    public IReadOnlyList<CloudflareBinding> Bindings { get; init; } = [];

    /// <summary>At most 8, none with <c>,</c> or <c>&amp;</c> (see <see cref="OwnershipTags"/>).</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>Binding types carried over from the previous version.</summary>
    public IReadOnlyList<string> KeepBindings { get; init; } = KeepSecrets;

    /// <summary>Durable Object migrations to apply, or null (see <see cref="DurableObjectMigrations.For"/>).</summary>
    public CloudflareMigrations? Migrations { get; init; }

    public string EntryModule => MainModule ?? (Modules.Count > 0 ? Modules[0].Name : "");
}
