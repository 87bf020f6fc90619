using System.Globalization;
using System.Text.Json;
using McpSaas.Reconciler.Installations;
using McpSaas.Reconciler.Jobs;
using McpSaas.Schema.Collections;

namespace McpSaas.GitHub.Webhooks;

/// <summary>
/// Turns a verified delivery into records and jobs (no I/O, so the ingress answers in milliseconds):
/// <list type="bullet">
/// <item><c>push</c> to the default branch → reconcile at <c>after</c>; other refs, tags and deleted branches → nothing.</item>
/// <item><c>pull_request</c> opened / synchronize / reopened → a plan of the head (never an apply), marked when from a fork.</item>
/// <item><c>installation</c> created / deleted / suspend / unsuspend and <c>installation_repositories</c> added / removed →
/// installation and repository records by GitHub id, and a reconcile of each repository concerned.</item>
/// <item><c>repository</c> renamed / transferred (and any event showing a known repository id under new names) → a rename job.</item>
/// </list>
/// </summary>
public static class WebhookEvents
{
    private const string ZeroSha = "0000000000000000000000000000000000000000";

    public static WebhookParseResult Parse(string eventName, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(eventName);
        WireEvent? payload;
        try
        {
            payload = JsonSerializer.Deserialize(body, GitHubJsonContext.Default.WireEvent);
        }
        catch (JsonException e)
        {
            return WebhookParseResult.Unreadable($"the {eventName} payload is not valid JSON: {e.Message}");
        }

        if (payload is null)
        {
            return WebhookParseResult.Unreadable($"the {eventName} payload is empty");
        }

        try
        {
            return WebhookParseResult.Understood(eventName switch
            {
                "push" => Push(payload),
                "pull_request" => PullRequest(payload),
                "installation" => Installation(payload),
                "installation_repositories" => InstallationRepositories(payload),
                "repository" => Repository(payload),
                _ => DeliveryEffect.Ignored($"event '{eventName}' is not used"),
            });
        }
        catch (PayloadException e)
        {
            return WebhookParseResult.Unreadable($"the {eventName} payload lacks {e.Message}");
        }
    }

    private static DeliveryEffect Push(WireEvent e)
    {
        var installationId = e.Installation?.Id;
        var repository = Required(e.Repository, "repository");
        if (installationId is null)
        {
            return DeliveryEffect.Ignored("push without an installation (not sent to a GitHub App)");
        }

        var seen = Seen(repository, installationId.Value);
        var reference = Required(e.Ref, "ref");
        var defaultBranch = Required(repository.DefaultBranch, "repository.default_branch");
        if (e.Deleted == true || e.After is null or ZeroSha)
        {
            return Only(seen, $"ignored: {reference} deleted");
        }

        if (!string.Equals(reference, "refs/heads/" + defaultBranch, StringComparison.Ordinal))
        {
            return Only(seen, $"ignored: push to {reference}, not the default branch {defaultBranch}");
        }

        return new DeliveryEffect
        {
            Summary = $"push to {defaultBranch} → reconcile at {Short(e.After)}",
            Repositories = ValueArray.Create(seen),
            Installation = new InstallationSeen { InstallationId = installationId.Value, AccountLogin = seen.Owner, AccountId = repository.Owner?.Id },
            Jobs = ValueArray.Create(new JobRequest
            {
                RepoKey = RepoKeys.GitHub(seen.RepositoryId),
                Kind = JobKind.Reconcile,
                InstallationId = installationId,
                RepositoryId = seen.RepositoryId,
                CommitSha = e.After,
                BeforeSha = e.Before is null or ZeroSha ? null : e.Before,
                Order = PushedAt(repository.PushedAt),
            }),
        };
    }

    private static DeliveryEffect PullRequest(WireEvent e)
    {
        var installationId = e.Installation?.Id;
        var repository = Required(e.Repository, "repository");
        if (installationId is null)
        {
            return DeliveryEffect.Ignored("pull_request without an installation (not sent to a GitHub App)");
        }

        var seen = Seen(repository, installationId.Value);
        if (e.Action is not ("opened" or "synchronize" or "reopened"))
        {
            return Only(seen, $"ignored: pull_request {e.Action}");
        }

        var pr = Required(e.PullRequest, "pull_request");
        var number = e.Number ?? pr.Number ?? throw new PayloadException("number");
        var head = Required(pr.Head, "pull_request.head");
        var sha = Required(head.Sha, "pull_request.head.sha");
        var baseRepo = pr.Base?.Repo;
        var fromFork = head.Repo is null
            || (head.Repo.Id is { } headId && baseRepo?.Id is { } baseId
                ? headId != baseId
                : !string.Equals(head.Repo.FullName, baseRepo?.FullName ?? repository.FullName, StringComparison.OrdinalIgnoreCase));
        return new DeliveryEffect
        {
            Summary = string.Create(CultureInfo.InvariantCulture, $"pull request #{number} {e.Action} → plan at {Short(sha)}{(fromFork ? " (from a fork)" : "")}"),
            Repositories = ValueArray.Create(seen),
            Installation = new InstallationSeen { InstallationId = installationId.Value, AccountLogin = seen.Owner, AccountId = repository.Owner?.Id },
            Jobs = ValueArray.Create(new JobRequest
            {
                RepoKey = RepoKeys.GitHub(seen.RepositoryId),
                Kind = JobKind.Plan,
                InstallationId = installationId,
                RepositoryId = seen.RepositoryId,
                CommitSha = sha,
                BeforeSha = e.Before,
                Order = pr.UpdatedAt?.ToUnixTimeSeconds(),
                PullRequestNumber = number,
                FromFork = fromFork,
            }),
        };
    }

    private static DeliveryEffect Installation(WireEvent e)
    {
        var installation = Required(e.Installation, "installation");
        var id = installation.Id ?? throw new PayloadException("installation.id");
        var account = Required(installation.Account, "installation.account");
        var login = Required(account.Login, "installation.account.login");
        InstallationStatus? status = e.Action switch
        {
            "created" or "unsuspend" or "new_permissions_accepted" => InstallationStatus.Active,
            "suspend" => InstallationStatus.Suspended,
            "deleted" => InstallationStatus.Deleted,
            _ => null,
        };
        var seen = new InstallationSeen
        {
            InstallationId = id,
            AccountId = account.Id,
            AccountLogin = login,
            AccountType = account.Type,
            RepositorySelection = installation.RepositorySelection ?? e.RepositorySelection,
            Status = status,
        };
        var repositories = (e.Repositories ?? []).Select(r => Seen(r, id, login)).ToValueArray();
        return e.Action switch
        {
            "created" => new DeliveryEffect
            {
                Summary = string.Create(CultureInfo.InvariantCulture, $"installation {id} created on {login} with {repositories.Count} repositories → reconcile each"),
                Installation = seen,
                Repositories = repositories,
                Jobs = repositories.Select(r => Reconcile(r)).ToValueArray(),
            },
            "deleted" or "suspend" or "unsuspend" => new DeliveryEffect
            {
                Summary = string.Create(CultureInfo.InvariantCulture, $"installation {id} on {login} {e.Action} → reconcile its repositories"),
                Installation = seen,
                ReconcileAllOfInstallation = id,
            },
            _ => new DeliveryEffect { Summary = $"installation {id} on {login} {e.Action}: recorded", Installation = seen },
        };
    }

    private static DeliveryEffect InstallationRepositories(WireEvent e)
    {
        var installation = Required(e.Installation, "installation");
        var id = installation.Id ?? throw new PayloadException("installation.id");
        var login = installation.Account?.Login;
        var added = (e.RepositoriesAdded ?? []).Select(r => Seen(r, id, login)).ToList();
        var removed = (e.RepositoriesRemoved ?? []).Select(r => Seen(r, id, login) with { Removed = true }).ToList();
        if (e.Action is not ("added" or "removed"))
        {
            return DeliveryEffect.Ignored($"installation_repositories {e.Action}");
        }

        var all = added.Concat(removed).ToValueArray();
        return new DeliveryEffect
        {
            Summary = string.Create(CultureInfo.InvariantCulture,
                $"installation {id}: {added.Count} repositories added, {removed.Count} removed → reconcile each"),
            Installation = new InstallationSeen
            {
                InstallationId = id,
                AccountId = installation.Account?.Id,
                AccountLogin = login,
                AccountType = installation.Account?.Type,
                RepositorySelection = e.RepositorySelection ?? installation.RepositorySelection,
            },
            Repositories = all,
            Jobs = all.Select(r => Reconcile(r)).ToValueArray(),
        };
    }

    private static DeliveryEffect Repository(WireEvent e)
    {
        var installationId = e.Installation?.Id;
        var repository = Required(e.Repository, "repository");
        if (installationId is null)
        {
            return DeliveryEffect.Ignored("repository event without an installation");
        }

        var seen = Seen(repository, installationId.Value);
        return e.Action switch
        {
            "renamed" or "transferred" => Only(seen, $"repository {repository.Id} {e.Action} to {seen.Owner}/{seen.Name} → rename its servers (same Workers, URLs and keys)"),
            "deleted" => new DeliveryEffect
            {
                Summary = $"repository {seen.Owner}/{seen.Name} deleted → reconcile",
                Repositories = ValueArray.Create(seen with { Removed = true }),
                Jobs = ValueArray.Create(Reconcile(seen)),
            },
            _ => Only(seen, $"repository {e.Action}: recorded"),
        };
    }

    private static JobRequest Reconcile(RepositorySeen repository) => new()
    {
        RepoKey = RepoKeys.GitHub(repository.RepositoryId),
        Kind = JobKind.Reconcile,
        InstallationId = repository.InstallationId,
        RepositoryId = repository.RepositoryId,
    };

    private static DeliveryEffect Only(RepositorySeen repository, string summary) =>
        new() { Summary = summary, Repositories = ValueArray.Create(repository) };

    private static RepositorySeen Seen(WireRepository repository, long installationId, string? ownerFallback = null)
    {
        var id = repository.Id ?? throw new PayloadException("repository.id");
        var fullName = repository.FullName;
        var slash = fullName?.IndexOf('/', StringComparison.Ordinal) ?? -1;
        var owner = repository.Owner?.Login ?? (slash > 0 ? fullName![..slash] : ownerFallback) ?? throw new PayloadException("repository.owner.login");
        var name = repository.Name ?? (slash > 0 ? fullName![(slash + 1)..] : null) ?? throw new PayloadException("repository.name");
        return new RepositorySeen
        {
            RepositoryId = id,
            InstallationId = installationId,
            Owner = owner,
            Name = name,
            DefaultBranch = repository.DefaultBranch,
            CloneUrl = repository.CloneUrl,
            Private = repository.Private,
        };
    }

    private static long? PushedAt(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number when value.TryGetInt64(out var seconds) => seconds,
        JsonValueKind.String when value.TryGetDateTimeOffset(out var at) => at.ToUnixTimeSeconds(),
        _ => null,
    };

    private static string Short(string sha) => sha.Length > 7 ? sha[..7] : sha;

    private static T Required<T>(T? value, string name)
        where T : class => value ?? throw new PayloadException(name);

    private sealed class PayloadException(string field) : Exception(field);
}
