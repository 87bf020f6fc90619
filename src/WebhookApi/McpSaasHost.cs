using McpSaas.GitHub;
using McpSaas.GitHub.Reporting;
using McpSaas.Reconciler.Composition;
using McpSaas.WebhookApi.GitHub;
using McpSaas.WebhookApi.Jobs;
using McpSaas.WebhookApi.Scheduling;
using McpSaas.Reconciler.Jobs;
using McpSaas.Reconciler.Platforms;
using McpSaas.Reconciler.Reconciling;
using McpSaas.WebhookApi.Installations;
using McpSaas.WebhookApi.Operations;
using McpSaas.WebhookApi.Reconcile;
using McpSaas.StatusUi.Access;
using McpSaas.StatusUi.Composition;
using McpSaas.StatusUi.SignIn;
using McpSaas.WebhookApi.State;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Serilog;
using McpSaas.WebhookApi.Usage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace McpSaas.WebhookApi;

/// <summary>
/// Builds the McpSaas web app, so the production host (<see cref="Program"/>) and the CLI (<c>up</c>, serving on
/// loopback in-process) run the same thing:
/// <code>
/// var builder = McpSaasHost.CreateBuilder(args, new McpSaasHostOptions { DataDirectory = data, Urls = ["http://127.0.0.1:0"] });
/// await using var app = McpSaasHost.Build(builder);
/// await app.StartAsync(cancellationToken);   // app.Urls holds the bound address
/// </code>
/// Configuration: the usual ASP.NET Core sources plus environment variables prefixed <c>MCPSAAS_</c>
/// (<c>MCPSAAS_State__DataDirectory</c> → <c>State:DataDirectory</c>).
/// </summary>
public static class McpSaasHost
{
    public const string EnvironmentPrefix = "MCPSAAS_";

    public static WebApplicationBuilder CreateBuilder(string[] args, McpSaasHostOptions? options = null)
    {
        options ??= new McpSaasHostOptions();
        var builder = WebApplication.CreateBuilder(args);
        builder.Configuration.AddEnvironmentVariables(EnvironmentPrefix);
        if (options.Urls is { Count: > 0 } urls)
        {
            builder.WebHost.UseUrls([.. urls]);
        }

        builder.Services.AddMcpSaasState(state =>
        {
            if (options.DataDirectory is { } data)
            {
                state.DataDirectory = data;
            }
        });
        builder.Services.AddMcpSaasStatusUi();
        if (options.SignIn && SignInOptions.IsConfiguredIn(builder.Configuration))
        {
            builder.Services.AddMcpSaasSignIn();
        }

        // The status UI's antiforgery tokens are protected with keys kept in the data folder (owner-only, like
        // secrets.key), never in the user's home; unencrypted at rest there, as the data folder's other keys are.
        builder.Services.AddDataProtection().SetApplicationName("McpSaas");
        builder.Services.AddOptions<KeyManagementOptions>().Configure<IOptions<McpSaasStateOptions>, ILoggerFactory>((keys, state, logs) =>
            keys.XmlRepository = new FileSystemXmlRepository(new DirectoryInfo(Path.Combine(state.Value.DataDirectory, "keys", "ui")), logs));
        builder.Logging.AddFilter("Microsoft.AspNetCore.DataProtection.KeyManagement.XmlKeyManager", LogLevel.Error);

        // With a platform, the reconciler over the same state store and secrets key (registered above; the
        // composition root TryAdds): what key and secret actions of the API and pages go through.
        if (options.Platform is { } platform)
        {
            var home = Environment.GetEnvironmentVariable("MCPSAAS_HOME") is { Length: > 0 } checkout ? checkout : null;
            builder.Services.AddMcpSaasReconciler(reconciler =>
            {
                if (options.DataDirectory is { } data)
                {
                    reconciler.DataDirectory = data;
                }

                reconciler.WorkerRuntimeFolder = options.WorkerRuntimeFolder ?? (home is null ? null : Path.Combine(home, "worker-runtime"));
            });
            platform(builder.Services);
            builder.Services.TryAddSingleton(provider => new PlatformObservationCache(
                provider.GetRequiredService<IWorkerPlatform>(), provider.GetRequiredService<TimeProvider>()));
            if (options.GitOps)
            {
                builder.Services.TryAddSingleton<IJobHandler, ReconcileJobHandler>();
                builder.Services.AddOptions<InstallationLifecycleOptions>().BindConfiguration(InstallationLifecycleOptions.SectionName).ValidateOnStart();
                builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<InstallationLifecycleOptions>, InstallationLifecycleOptionsValidator>());
                builder.Services.AddHostedService<UninstallGraceSweep>();
            }
        }

        builder.Services.TryAddSingleton<McpSaasMetrics>();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IReconcileReporter, MetricsReporter>());
        if (options.ProductionLogging)
        {
            // Readable lines on a terminal; compact JSON (one event per line) for collectors otherwise.
            builder.Services.AddSerilog((services, logger) =>
            {
                logger.MinimumLevel.Information()
                    .MinimumLevel.Override("Microsoft", Serilog.Events.LogEventLevel.Warning)
                    .MinimumLevel.Override("Quartz", Serilog.Events.LogEventLevel.Warning)
                    // "Hosting failed to start" repeats, with a stack trace, what serve reports on stderr (naming the key and the fix).
                    .MinimumLevel.Override("Microsoft.Extensions.Hosting.Internal.Host", Serilog.Events.LogEventLevel.Fatal)
                    .ReadFrom.Configuration(builder.Configuration) // a "Serilog" section may change all of that
                    .Enrich.FromLogContext();
                if (Console.IsOutputRedirected)
                {
                    logger.WriteTo.Console(new Serilog.Formatting.Compact.CompactJsonFormatter());
                }
                else
                {
                    logger.WriteTo.Console(formatProvider: System.Globalization.CultureInfo.InvariantCulture);
                }
            });
        }

        if (options.GitOps)
        {
            builder.Services.TryAddSingleton<McpSaas.Reconciler.Secrets.SecretWaiters>();
            builder.Services.AddMcpSaasGitHub();
            builder.Services.AddMcpSaasGitHubReporting();
            builder.Services.AddMcpSaasJobs();
            builder.Services.AddMcpSaasScheduling();
        }

        return builder;
    }

    /// <summary>Builds the app and maps every McpSaas endpoint.</summary>
    public static WebApplication Build(WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var app = builder.Build();
        app.UseWebhookMetrics();
        if (SignInServiceCollectionExtensions.IsSignInAdded(app.Services))
        {
            app.UseMcpSaasSignIn(); // who is signed in, before antiforgery (its tokens are bound to the person)
        }

        app.UseMcpSaasStatusUi(); // a form posted to an org the request may not read answers 404, like reading it
        app.UseAntiforgery(); // every form of the status UI carries a token; a POST without one is refused (400)
        app.UseMcpSaasStatusUiAntiforgeryPage();
        app.MapMcpSaasEndpoints();
        return app;
    }

    /// <summary>
    /// Health (<c>GET /healthz</c>), readiness and metrics, the usage ingest (<c>POST /api/usage</c>), with a GitHub App
    /// configured <c>POST /webhooks/github</c>, with sign-in configured <c>GET /signin</c>, <c>POST /signout</c> and the
    /// OAuth callback, and the status UI: its pages (<c>/orgs/…</c>) and JSON API
    /// (<c>/api/orgs/…</c>). The UI's services come with <see cref="CreateBuilder"/> (<c>AddMcpSaasStatusUi</c>); the
    /// pipeline must run <c>UseAntiforgery()</c> before the endpoints (<see cref="Build"/> does).
    /// </summary>
    public static IEndpointRouteBuilder MapMcpSaasEndpoints(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var instance = Reconciler.State.StatePaths.Instance(endpoints.ServiceProvider.GetRequiredService<IOptions<McpSaasStateOptions>>().Value.DataDirectory);
        endpoints.MapGet("/healthz", () => TypedResults.Ok(new HealthBody("ok", instance)));
        endpoints.MapOperations();
        endpoints.MapUsageIngest();
        if (GitHubAppConfigured(endpoints.ServiceProvider))
        {
            endpoints.MapGitHubWebhooks();
        }

        if (SignInServiceCollectionExtensions.IsSignInAdded(endpoints.ServiceProvider))
        {
            endpoints.MapSignIn();
        }

        endpoints.MapMcpSaasStatusUi();
        return endpoints;
    }

    /// <summary>
    /// Whether a GitHub App is configured. Options the validator refuses are configured (it passes when none is set): they
    /// are refused at start, together with every other section's problems, each naming its key, rather than here.
    /// </summary>
    private static bool GitHubAppConfigured(IServiceProvider services)
    {
        try
        {
            return services.GetService<Microsoft.Extensions.Options.IOptions<GitHubAppOptions>>()?.Value is { IsConfigured: true };
        }
        catch (Microsoft.Extensions.Options.OptionsValidationException)
        {
            return true;
        }
    }
}
