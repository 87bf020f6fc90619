using McpSaas.Reconciler.Reconciling;
using McpSaas.Reconciler.Reporting;
using McpSaas.Reconciler.State.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace McpSaas.GitHub.Reporting;

/// <summary>Registers reporting to GitHub: options (validated at start), the report outbox (the state store), the reporter, the poster and the background drainer.</summary>
public static class GitHubReportingServiceCollectionExtensions
{
    /// <summary>
    /// Options from the <c>Reporting</c> section and <c>PublicBaseUrl</c>, then <paramref name="configure"/>. Needs the
    /// GitHub App (<c>AddMcpSaasGitHub</c>) and the state store. Uses <c>TryAdd</c>, so tests can swap parts first.
    /// </summary>
    public static IServiceCollection AddMcpSaasGitHubReporting(this IServiceCollection services, Action<GitHubReportingOptions>? configure = null)
    {
        var options = services.AddOptions<GitHubReportingOptions>().BindConfiguration(GitHubReportingOptions.SectionName);
        options.PostConfigure<IConfiguration>((reporting, configuration) =>
            reporting.PublicBaseUrl ??= configuration[GitHubReportingOptions.PublicBaseUrlKey] is { Length: > 0 } url ? url : null);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GitHubReportingOptions>, GitHubReportingOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IReportOutbox>(provider => provider.GetRequiredService<SqliteStateStore>());
        services.TryAddSingleton<Reconciler.Installations.IGitHubStore>(provider => provider.GetRequiredService<SqliteStateStore>());
        services.TryAddSingleton<ReportSignal>();
        services.TryAddSingleton<RunReportBuilder>();
        services.TryAddSingleton(provider =>
        {
            var reporting = provider.GetRequiredService<IOptions<GitHubReportingOptions>>().Value;
            return new ContentPacer(provider.GetRequiredService<TimeProvider>(), reporting.ContentRequestsPerMinute, reporting.ContentRequestsPerHour);
        });
        services.TryAddSingleton(provider => new GitHubReportPoster(
            provider.GetRequiredService<IReportOutbox>(),
            provider.GetRequiredService<Reconciler.Installations.IGitHubStore>(),
            new Lazy<Api.GitHubClients>(provider.GetRequiredService<Api.GitHubClients>),
            new Lazy<Auth.IInstallationTokens>(provider.GetRequiredService<Auth.IInstallationTokens>),
            provider.GetRequiredService<ContentPacer>(),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<Microsoft.Extensions.Logging.ILogger<GitHubReportPoster>>()));
        services.TryAddSingleton<GitHubReporter>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IReconcileReporter, GitHubReporter>(provider => provider.GetRequiredService<GitHubReporter>()));
        services.TryAddSingleton<GitHubReportDrainer>();
        services.AddHostedService(provider => provider.GetRequiredService<GitHubReportDrainer>());
        return services;
    }
}
