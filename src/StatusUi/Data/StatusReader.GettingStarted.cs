using McpSaas.StatusUi.Builder;
using McpSaas.StatusUi.Model;

namespace McpSaas.StatusUi.Data;

public sealed partial class StatusReader
{
    public const string StarterSecret = "github-token";

    /// <summary>
    /// The three steps for an org, with its names filled in: the repository (given, else the org's first, else a
    /// suggestion), the server name (given, else one after the user), the user's key name.
    /// </summary>
    public async Task<GettingStartedView> GettingStartedAsync(string org, string? repo, string? server, string login, CancellationToken cancellationToken)
    {
        var repos = await store.ListReposAsync(org, cancellationToken);
        var servers = await store.ListServersAsync(org, null, cancellationToken);
        var local = org == OrgEntitlement.LocalOrg;
        repo ??= repos.FirstOrDefault()?.Name ?? (local ? "my-servers" : "mcp-servers");
        server ??= BuilderRules.IsServerName($"{login}-tools") ? $"{login}-tools" : "my-tools";
        var keyName = Reconciler.Keys.ApiKeyService.IsValidName(login) ? login : "laptop";
        var id = $"{org}/{repo}/{server}";
        var path = $"{server}/mcp.yaml";
        var manifest = StarterManifest(server, local ? null : org);
        var steps = new List<StepView>
        {
            new(1, "Describe the server in mcp.yaml",
                local
                    ? $"Save this as {path} in a folder named {repo} and run ./mcpsaas up --source ./{repo} (or add it to examples/). The builder makes one with other tools."
                    : $"Commit this as {path} on the default branch of {org}/{repo}; McpSaas deploys it after the push. The builder makes one with other tools.",
                manifest, "Open the mcp.yaml builder", UiPaths.Builder(org)),
            new(2, $"Store the secret {StarterSecret}",
                $"The manifest names the secret {StarterSecret}; its value lives only in the org's secret store (write-only). Set it on the Secrets page, or:",
                $"printf %s \"$GITHUB_TOKEN\" | ./mcpsaas secrets set {org} {StarterSecret}\n",
                "Set it on the Secrets page", $"{UiPaths.Secrets(org)}?name={Uri.EscapeDataString(StarterSecret)}"),
            new(3, "Create your key and connect",
                $"Once {id} is ready, create a key named {keyName} (shown once) on its page, or with the CLI, and paste a client snippet:",
                $"./mcpsaas keys create {id} --name {keyName}\n./mcpsaas connect {id}\n",
                "Open the server page", UiPaths.Server(new ServerId(org, repo, server))),
        };
        return new GettingStartedView
        {
            Org = org,
            Repo = repo,
            Server = server,
            KeyName = keyName,
            SecretName = StarterSecret,
            HasServers = servers.Count > 0,
            Steps = steps,
        };
    }

    /// <summary>A free server with the GitHub tool (read-only by default) and its token secret.</summary>
    internal static string StarterManifest(string server, string? owner) =>
        ManifestWriter.Write(new ManifestDraft
        {
            Name = server,
            Description = "GitHub for the team: search and read repositories, issues and code",
            Plan = "free",
            Tools =
            [
                new ToolDraft
                {
                    Use = "github",
                    Settings = owner is null ? [] : [new SettingDraft("owners", SettingValue.List([owner]))],
                    Secrets = [new KeyValuePair<string, string>("token", StarterSecret)],
                },
            ],
        });
}
