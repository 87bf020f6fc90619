using McpSaas.GitHub.Api;
using McpSaas.GitHub.Auth;
using McpSaas.GitHub.Git;
using McpSaas.GitHub.Proposals;
using McpSaas.Reconciler.Proposals;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace McpSaas.GitHub;

/// <summary>Registers the GitHub App: options (validated at start), the App JWT, the installation token cache, Octokit clients, git sources and dashboard pull requests (<see cref="IManifestProposals"/>).</summary>
public static class GitHubServiceCollectionExtensions
{
    /// <summary>
    /// Options come from the <c>GitHub</c> section (<c>MCPSAAS_GitHub__…</c>), then <paramref name="configure"/>.
    /// Uses <c>TryAdd</c>, so tests can swap the token minter or the clock first.
    /// </summary>
    public static IServiceCollection AddMcpSaasGitHub(this IServiceCollection services, Action<GitHubAppOptions>? configure = null)
    {
        var options = services.AddOptions<GitHubAppOptions>().BindConfiguration(GitHubAppOptions.SectionName);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GitHubAppOptions>, GitHubAppOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(provider => provider.GetRequiredService<IOptions<GitHubAppOptions>>().Value);
        services.TryAddSingleton(provider =>
        {
            var app = provider.GetRequiredService<GitHubAppOptions>();
            var pem = app.ReadPrivateKeyPem();
            if (!app.IsConfigured || pem is null || app.Issuer is null)
            {
                throw new InvalidOperationException(
                    "the GitHub App is not configured: set MCPSAAS_GitHub__ClientId (or __AppId), MCPSAAS_GitHub__PrivateKeyFile and MCPSAAS_GitHub__WebhookSecret");
            }

            return new AppJwt(pem, app.Issuer, provider.GetRequiredService<TimeProvider>());
        });
        services.TryAddSingleton<IInstallationTokenMinter, OctokitTokenMinter>();
        services.TryAddSingleton<IInstallationTokens, InstallationTokenCache>();
        services.TryAddSingleton<GitHubClients>();
        services.TryAddSingleton<GitHubSources>();

        // Dashboard edits as pull requests: through the App when it is configured, else never (the pages link to GitHub).
        services.TryAddSingleton<IManifestProposals>(provider => provider.GetRequiredService<GitHubAppOptions>().IsConfigured
            ? ActivatorUtilities.CreateInstance<GitHubManifestProposals>(provider)
            : new NoManifestProposals());
        return services;
    }
}
