using System.CommandLine;
using McpSaas.Cli.Local;
using McpSaas.Reconciler.Platforms;
using McpSaas.WebhookApi;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace McpSaas.Cli.Commands;

/// <summary>
/// <c>serve</c>: the production host — GitHub App webhooks, the durable job runner, the periodic reconcile, the API,
/// usage ingest, health, readiness and metrics — configured from <c>appsettings.json</c> in the current folder and
/// <c>MCPSAAS_</c> environment keys. Runs until Ctrl-C or SIGTERM, then stops what it started (the local runtime too).
/// </summary>
internal static class ServeCommand
{
    public const string DefaultUrl = "http://127.0.0.1:8080";

    public static Command Create(CliContext context)
    {
        var urls = new Option<string[]>("--urls") { Description = $"Where to listen (repeatable; default {DefaultUrl}, or MCPSAAS_Serve__Urls, comma-separated)." };
        var command = new Command("serve", "The production host: GitHub webhooks, job runner, periodic reconcile, API, usage ingest, /healthz, /readyz, /metrics.") { urls };
        command.SetAction((parseResult, cancellationToken) => CliState.GuardAsync(context, "serve", () =>
            RunAsync(context, CliState.DataDirectory(parseResult, context), parseResult.GetValue(urls) ?? [], cancellationToken)));
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, string data, string[] urlOption, CancellationToken cancellationToken)
    {
        var urls = urlOption.Length > 0 ? urlOption
            : context.GetEnvironmentVariable("MCPSAAS_Serve__Urls") is { Length: > 0 } configured
                ? configured.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                : [DefaultUrl];
        foreach (var url in urls)
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                await context.Stderr.WriteLineAsync($"mcpsaas serve: '{url}' is not an http(s) URL to listen on (--urls or MCPSAAS_Serve__Urls), e.g. {DefaultUrl}");
                return ExitCodes.Usage;
            }
        }

        var kind = (context.GetEnvironmentVariable("MCPSAAS_Platform__Kind") ?? "local").Trim().ToLowerInvariant();
        if (kind is not ("local" or "cloudflare"))
        {
            await context.Stderr.WriteLineAsync($"mcpsaas serve: MCPSAAS_Platform__Kind is '{kind}': use 'local' (workerd on this machine, the default) or 'cloudflare'");
            return ExitCodes.Usage;
        }

        using var stack = await LocalStack.OpenAsync(data, context, cancellationToken);
        Cloudflare.CloudflareStack? cloudflare = null;
        if (kind == "cloudflare")
        {
            var (opened, problems) = await Cloudflare.CloudflareStack.OpenAsync(data, context, stack.Store, cancellationToken);
            if (opened is null)
            {
                foreach (var problem in problems)
                {
                    await context.Stderr.WriteLineAsync($"mcpsaas serve: {problem}");
                }

                return ExitCodes.Usage;
            }

            cloudflare = opened;
        }

        using var cloudflareStack = cloudflare;
        IWorkerPlatform platform = cloudflare is null ? stack.Platform : cloudflare.Platform;

        // On local, serve answers the Workers' usage itself on the data folder's usage port (a companion left by `apply`
        // makes way); on Cloudflare the Workers reach the host's /api/usage under MCPSAAS_PublicBaseUrl.
        if (cloudflare is null)
        {
            await LocalRuntime.Ingest(stack, context).StopAsync(cancellationToken);
        }

        var builder = McpSaasHost.CreateBuilder([], new McpSaasHostOptions
        {
            DataDirectory = data,
            Urls = cloudflare is null ? [.. urls, $"http://127.0.0.1:{stack.UsagePort}"] : urls,
            WorkerRuntimeFolder = Path.Combine(stack.Home, "worker-runtime"),
            GitOps = true,
            SignIn = true,
            ProductionLogging = true,
            Platform = services => services.AddSingleton(platform),
        });

        // Beyond loopback, every delivery must be signed: refuse to listen there without a webhook secret.
        var exposed = urls.Select(u => new Uri(u)).Where(u => !IsLoopback(u.Host)).Select(u => u.ToString()).ToList();
        if (exposed.Count > 0 && string.IsNullOrWhiteSpace(builder.Configuration["GitHub:WebhookSecret"]))
        {
            await context.Stderr.WriteLineAsync(
                $"mcpsaas serve: refusing to listen on {string.Join(", ", exposed)} (beyond loopback) without a webhook secret: set MCPSAAS_GitHub__WebhookSecret (and the GitHub App), or listen on 127.0.0.1");
            return ExitCodes.Usage;
        }

        // Beyond loopback, the status UI must know who is asking: refuse to listen there without GitHub sign-in.
        if (exposed.Count > 0 && !McpSaas.StatusUi.SignIn.SignInOptions.IsConfiguredIn(builder.Configuration))
        {
            await context.Stderr.WriteLineAsync(
                $"mcpsaas serve: refusing to listen on {string.Join(", ", exposed)} (beyond loopback) without sign-in for the status UI: set MCPSAAS_SignIn__ClientId, MCPSAAS_SignIn__ClientSecret and MCPSAAS_SignIn__AppSlug (the GitHub App's OAuth client), or listen on 127.0.0.1");
            return ExitCodes.Usage;
        }

        // serve is the GitOps host: without a GitHub App it has no webhooks, no repositories and nothing to reconcile.
        McpSaas.GitHub.GitHubAppOptions? gitHub;
        try
        {
            gitHub = builder.Configuration.GetSection(McpSaas.GitHub.GitHubAppOptions.SectionName).Get<McpSaas.GitHub.GitHubAppOptions>();
        }
        catch (InvalidOperationException e) when (ConfigurationErrors.Describe(e) is { } problem)
        {
            await context.Stderr.WriteLineAsync($"mcpsaas serve: {problem}");
            return ExitCodes.Usage;
        }

        if (gitHub is not { IsConfigured: true })
        {
            await context.Stderr.WriteLineAsync(
                "mcpsaas serve: no GitHub App is configured: set MCPSAAS_GitHub__ClientId (or MCPSAAS_GitHub__AppId), MCPSAAS_GitHub__PrivateKeyFile and MCPSAAS_GitHub__WebhookSecret (README, \"serve\"); "
                + "to try serve without GitHub run ./scripts/dev-serve, to serve examples/ on this machine run ./mcpsaas up");
            return ExitCodes.Usage;
        }

        await using var app = McpSaasHost.Build(builder);
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch (IOException e)
        {
            await context.Stderr.WriteLineAsync($"mcpsaas serve: cannot listen on {string.Join(", ", urls)} ({e.Message})");
            return ExitCodes.Failed;
        }
        catch (Microsoft.Extensions.Options.OptionsValidationException e)
        {
            await context.Stderr.WriteLineAsync($"mcpsaas serve: {string.Join("; ", e.Failures)}");
            return ExitCodes.Usage;
        }
        catch (Exception e) when (ConfigurationErrors.Describe(e) is { } problem)
        {
            // A value of the wrong type (Jobs:MaxAttempts=abc): the key, its variable and what it takes.
            await context.Stderr.WriteLineAsync($"mcpsaas serve: {problem}");
            return ExitCodes.Usage;
        }
        catch (AggregateException e) when (e.InnerExceptions.All(i => i is Microsoft.Extensions.Options.OptionsValidationException))
        {
            // More than one section refused at start (the GitHub App and sign-in, say): every problem, each naming its key.
            var failures = e.InnerExceptions.Cast<Microsoft.Extensions.Options.OptionsValidationException>().SelectMany(i => i.Failures);
            await context.Stderr.WriteLineAsync($"mcpsaas serve: {string.Join("; ", failures)}");
            return ExitCodes.Usage;
        }

        await context.Stdout.WriteLineAsync(cloudflare is null
            ? $"McpSaas is serving on {string.Join(", ", urls)} (data: {Path.GetFullPath(data)}); MCP servers at http://127.0.0.1:{stack.RuntimePort}/<org>/<repo>/<name>/mcp. Ctrl-C stops."
            : $"McpSaas is serving on {string.Join(", ", urls)} (data: {Path.GetFullPath(data)}); MCP servers on Cloudflare Workers (workers.dev). Ctrl-C stops.");
        await context.Stdout.FlushAsync(cancellationToken);
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl-C or SIGTERM
        }
        finally
        {
            await app.StopAsync(CancellationToken.None);
            if (cloudflare is null)
            {
                await stack.Platform.StopAsync(CancellationToken.None);
            }

            await context.Stdout.WriteLineAsync("Stopped.");
        }

        return ExitCodes.Ok;
    }

    private static bool IsLoopback(string host) =>
        host is "localhost" or "127.0.0.1" or "[::1]" or "::1" || host.StartsWith("127.", StringComparison.Ordinal);
}
