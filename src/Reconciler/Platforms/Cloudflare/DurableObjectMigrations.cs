namespace McpSaas.Reconciler.Platforms.Cloudflare;

/// <summary>
/// The Durable Object migrations of an McpSaas Worker (<c>McpSession</c>, <c>McpLimiter</c>), as an ordered history of
/// tagged steps; an upload carries only the steps after the script's current tag (read from the script list's
/// <c>migration_tag</c>), with <c>old_tag</c> = that tag, so a re-upload never repeats a migration (Cloudflare refuses
/// a class migrated twice, and an <c>old_tag</c> that is not the current one with 10079).
/// <para>
/// The classes are created with <c>new_sqlite_classes</c>: SQLite-backed storage is the only kind the Workers Free plan
/// allows (<c>new_classes</c> is refused there with 10097), it is what Cloudflare recommends for new classes, and the
/// runtime only uses the key-value storage API, which SQLite-backed objects serve too.
/// </para>
/// </summary>
public static class DurableObjectMigrations
{
    /// <summary>The classes worker-contract.md's entry module exports.</summary>
    public static readonly IReadOnlyList<string> Classes = ["McpSession", "McpLimiter"];

    /// <summary>Tag after the first step (both classes created).</summary>
    public const string V1 = "mcpsaas-v1";

    /// <summary>Tagged steps, oldest first. Append (never edit) to change the classes.</summary>
    private static readonly IReadOnlyList<(string Tag, CloudflareMigrationStep Step)> History =
    [
        (V1, new CloudflareMigrationStep { NewSqliteClasses = [.. Classes] }),
    ];

    /// <summary>The tag a script has once every migration is applied.</summary>
    public static string LatestTag => History[^1].Tag;

    /// <summary>
    /// The migrations to upload to a script whose current tag is <paramref name="currentTag"/> (null: a new script, or
    /// one without Durable Objects); null when it is up to date.
    /// </summary>
    /// <exception cref="CloudflareApiException"><see cref="CloudflareErrorKind.MigrationTagUnknown"/>: a tag McpSaas never wrote.</exception>
    public static CloudflareMigrations? For(string scriptName, string? currentTag)
    {
        var from = 0;
        if (currentTag is not null)
        {
            var index = History.ToList().FindIndex(h => h.Tag == currentTag);
            if (index < 0)
            {
                throw new CloudflareApiException(CloudflareErrorKind.MigrationTagUnknown,
                    $"script '{scriptName}' has Durable Object migration tag '{currentTag}', which McpSaas never wrote: it was deployed by another tool; delete it or rename the server");
            }

            from = index + 1;
        }

        if (from == History.Count)
        {
            return null;
        }

        return new CloudflareMigrations
        {
            OldTag = currentTag,
            NewTag = LatestTag,
            Steps = [.. History.Skip(from).Select(h => Copy(h.Step))],
        };
    }

    private static CloudflareMigrationStep Copy(CloudflareMigrationStep step) => new()
    {
        NewSqliteClasses = step.NewSqliteClasses is null ? null : [.. step.NewSqliteClasses],
        NewClasses = step.NewClasses is null ? null : [.. step.NewClasses],
        DeletedClasses = step.DeletedClasses is null ? null : [.. step.DeletedClasses],
    };
}
