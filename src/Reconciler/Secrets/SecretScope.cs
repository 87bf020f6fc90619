namespace McpSaas.Reconciler.Secrets;

/// <summary>Where a secret lives: an org, optionally narrowed to one of its repositories (the repo scope wins on lookup).</summary>
public sealed record SecretScope
{
    private SecretScope(string org, string? repo)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(org);
        if (repo is not null)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(repo);
        }

        Org = org;
        Repo = repo;
    }

    public string Org { get; }

    /// <summary><c>null</c> for the org-wide scope.</summary>
    public string? Repo { get; }

    public static SecretScope ForOrg(string org) => new(org, null);

    public static SecretScope ForRepo(string org, string repo) => new(org, repo);

    /// <summary><paramref name="repo"/> <c>null</c> means the org scope.</summary>
    public static SecretScope Of(string org, string? repo) => new(org, repo);

    public override string ToString() => Repo is null ? $"org {Org}" : $"repo {Org}/{Repo}";
}
