using McpSaas.Reconciler.Desired;
using McpSaas.Reconciler.Secrets;
using McpSaas.StatusUi.Model;

namespace McpSaas.StatusUi.Data;

public sealed partial class StatusReader
{
    /// <summary>The org's secrets (names, scopes, versions; never values), who uses each, and what servers wait for.</summary>
    public async Task<SecretsView> SecretsAsync(string org, CancellationToken cancellationToken)
    {
        var stored = await secrets.ListAsync(org, cancellationToken);
        var snapshot = await store.GetReconcileSnapshotAsync(org, null, cancellationToken);
        var repos = (await store.ListReposAsync(org, cancellationToken)).Select(r => r.Name).ToList();
        var summaries = Summaries(snapshot.Inventory);
        var users = stored.ToDictionary(Key, _ => new List<SecretUserView>(), StringComparer.Ordinal);
        var missing = new SortedDictionary<string, List<SecretUserView>>(StringComparer.Ordinal);

        // The secret a server of a repository sees under a name: its repository's own, else the org's (SecretStore's rule).
        SecretInfo? Resolve(string repo, string name) =>
            stored.FirstOrDefault(s => s.Name == name && s.Scope.Repo == repo) ?? stored.FirstOrDefault(s => s.Name == name && s.Scope.Repo is null);

        void Use(ServerRecord server, string name, bool deployed)
        {
            var user = new SecretUserView(server.Id.ToString(), deployed, UiPaths.Server(server.Id));
            if (Resolve(server.Id.Repo, name) is { } secret)
            {
                var list = users[Key(secret)];
                if (!list.Any(u => u.ServerId == user.ServerId))
                {
                    list.Add(user);
                }
            }
            else
            {
                if (!missing.TryGetValue(name, out var list))
                {
                    missing[name] = list = [];
                }

                if (!list.Any(u => u.ServerId == user.ServerId))
                {
                    list.Add(user);
                }
            }
        }

        foreach (var server in snapshot.Servers.OrderBy(s => s.Id.ToString(), StringComparer.Ordinal))
        {
            if (summaries.TryGetValue(server.Id.ToString(), out var summary))
            {
                foreach (var name in References(summary).Except(server.MissingSecrets, StringComparer.Ordinal))
                {
                    Use(server, name, deployed: true);
                }
            }

            foreach (var name in server.MissingSecrets)
            {
                Use(server, name, deployed: false);
            }
        }

        return new SecretsView
        {
            Org = org,
            Secrets = [.. stored.Select(s => new SecretView
            {
                Name = s.Name,
                Scope = s.Scope.Repo is null ? "org" : "repo",
                Repo = s.Scope.Repo,
                Version = s.Version,
                UpdatedAt = s.UpdatedAt,
                UsedBy = users[Key(s)],
            })],
            Missing = [.. missing.Select(m => new MissingSecretView(m.Key, m.Value))],
            Repos = repos,
        };
    }

    /// <summary>The secret references a deployed server binds (its usage token is not one of the org's secrets).</summary>
    private static IEnumerable<string> References(DeploymentSummary summary) =>
        summary.Secrets.Select(s => s.Reference).Where(r => r != "usage-token").Distinct(StringComparer.Ordinal);

    private static string Key(SecretInfo secret) => $"{secret.Scope.Repo}\u0000{secret.Name}";
}
