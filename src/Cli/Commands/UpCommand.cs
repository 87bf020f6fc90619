using System.CommandLine;
using McpSaas.Cli.Local;
using McpSaas.Cli.Output;
using McpSaas.Reconciler.Reconciling;
using McpSaas.Reconciler.Desired;
using McpSaas.Reconciler.Keys;
using McpSaas.Reconciler.Planning;
using McpSaas.Reconciler.Platforms;
using McpSaas.Reconciler.Sources;
using McpSaas.Reconciler.State;
using McpSaas.WebhookApi;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace McpSaas.Cli.Commands;

/// <summary>
/// <c>up</c>, the embedded default: <c>examples/</c> (and any <c>--source</c>) on local workerd, the state store in
/// SQLite, the API (usage ingest) on loopback; a <c>default</c> key printed once per new server, missing secrets
/// listed with the command that sets them; reconciles again every few seconds until Ctrl-C, then stops workerd. A usage
/// ingest companion left running by <c>apply</c> is stopped first (<c>up</c> serves the endpoint itself).
/// </summary>
internal static class UpCommand
{
    public static Command Create(CliContext context)
    {
        var sources = new Option<string[]>("--source") { Description = "More folders or git URLs to reconcile besides examples/ (repeatable).", AllowMultipleArgumentsPerToken = false };
        var interval = new Option<double>("--interval") { Description = "Seconds between reconciles (default 2).", DefaultValueFactory = _ => 2 };
        var command = new Command("up", "The embedded default: examples/ on local workerd, SQLite, API on 127.0.0.1; keeps reconciling until Ctrl-C.") { sources, interval };
        command.SetAction((parseResult, cancellationToken) => CliState.GuardAsync(context, "up", () =>
            RunAsync(context, CliState.DataDirectory(parseResult, context), parseResult.GetValue(sources) ?? [], parseResult.GetValue(interval), cancellationToken)));
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, string data, string[] extraSources, double intervalSeconds, CancellationToken cancellationToken)
    {
        if (intervalSeconds is < 0.2 or > 3600)
        {
            await context.Stderr.WriteLineAsync("mcpsaas up: --interval must be between 0.2 and 3600 seconds");
            return ExitCodes.Usage;
        }

        using var stack = await LocalStack.OpenAsync(data, context, cancellationToken);
        var examples = Path.Combine(stack.Home, "examples");
        if (!Directory.Exists(examples))
        {
            await context.Stderr.WriteLineAsync($"mcpsaas up: the examples folder {examples} is missing: run ./mcpsaas from a McpSaas checkout (or set MCPSAAS_HOME)");
            return ExitCodes.Failed;
        }

        var list = new List<IManifestSource> { new FolderSource(examples, "examples") };
        foreach (var text in extraSources)
        {
            var (source, error) = SourceSpec.Create(text, null, null, data);
            if (source is null)
            {
                await context.Stderr.WriteLineAsync($"mcpsaas up: {error}");
                return ExitCodes.Usage;
            }

            if (!CliNames.IsRepo(source.RepoName))
            {
                await context.Stderr.WriteLineAsync($"mcpsaas up: '{source.RepoName}' ({text}) cannot be a repository name: use a folder or URL whose base name has only letters, digits, '.', '_' and '-'");
                return ExitCodes.Usage;
            }

            if (list.Any(s => s.RepoName == source.RepoName))
            {
                await context.Stderr.WriteLineAsync($"mcpsaas up: two sources are named '{source.RepoName}' ({source.Location}): sources with the same name are an error, not a merge; rename a folder");
                return ExitCodes.Usage;
            }

            list.Add(source);
        }

        foreach (var source in list)
        {
            if (await ReconcileCommands.RepoClashAsync(stack, new RepoContext(OrgEntitlement.LocalOrg, source.RepoName), source, cancellationToken) is { } clash)
            {
                await context.Stderr.WriteLineAsync($"mcpsaas up: {clash}");
                return ExitCodes.Usage;
            }
        }

        // `up` serves the usage endpoint itself, for as long as it runs workerd: a companion left by `apply` makes way.
        await LocalRuntime.Ingest(stack, context).StopAsync(cancellationToken);
        var builder = McpSaasHost.CreateBuilder([], new McpSaasHostOptions
        {
            DataDirectory = data,
            Urls = [$"http://127.0.0.1:{stack.UsagePort}"],
            WorkerRuntimeFolder = Path.Combine(stack.Home, "worker-runtime"),
            // The web app acts on this data folder's local runtime through the very platform instance `up` reconciles with.
            Platform = services => services.AddSingleton(stack.Platform).AddSingleton<IWorkerPlatform>(stack.Platform),
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        await using var app = McpSaasHost.Build(builder);
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch (IOException e)
        {
            await context.Stderr.WriteLineAsync($"mcpsaas up: cannot listen on 127.0.0.1:{stack.UsagePort} ({e.Message}): is another `mcpsaas up` running on this data folder?");
            return ExitCodes.Failed;
        }

        await context.Stdout.WriteLineAsync($"McpSaas is up (data: {Path.GetFullPath(data)}).");
        await context.Stdout.WriteLineAsync($"  MCP servers: http://127.0.0.1:{stack.RuntimePort}/<org>/<repo>/<name>/mcp");
        await context.Stdout.WriteLineAsync($"  Status UI:   http://127.0.0.1:{stack.UsagePort}/orgs/local");
        await context.Stdout.WriteLineAsync($"  API:         http://127.0.0.1:{stack.UsagePort} (usage ingest; status JSON under /api/orgs)");
        await context.Stdout.WriteLineAsync("Reconciling examples/" + (list.Count > 1 ? $" and {list.Count - 1} more source(s)" : "") + "; Ctrl-C stops.");
        await context.Stdout.FlushAsync(cancellationToken);

        var shown = new Dictionary<string, string>(StringComparer.Ordinal);
        var nudger = new UsageNudger(stack);
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(intervalSeconds), context.Time);
        try
        {
            DateTimeOffset? lastNudge = null;
            do
            {
                var changed = false;
                foreach (var source in list)
                {
                    changed |= await ReconcileOnceAsync(context, stack, source, shown, cancellationToken);
                }

                // The usage endpoint is up: servers deliver what waited (since before `up`) and know their quota at once;
                // new and changed servers get their verdict before their first call; later, a sweep bounds any backoff.
                var now = context.Time.GetUtcNow();
                if (lastNudge is null || changed)
                {
                    await nudger.NudgeAsync(null, cancellationToken);
                    lastNudge = now;
                }
                else if (now - lastNudge >= IngestHost.SweepEvery)
                {
                    await nudger.SweepAsync(context.Time, cancellationToken);
                    lastNudge = now;
                }

                await context.Stdout.FlushAsync(cancellationToken);
            }
            while (await timer.WaitForNextTickAsync(cancellationToken));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl-C or SIGTERM
        }
        finally
        {
            // Every way out (a signal, an error of a reconcile) stops what `up` started: no workerd is orphaned.
            await context.Stdout.WriteLineAsync("Stopping…");
            await stack.Platform.StopAsync(CancellationToken.None);
            await app.StopAsync(CancellationToken.None);
            await context.Stdout.WriteLineAsync("Stopped: the local runtime is down.");
        }

        return ExitCodes.Ok;
    }

    /// <summary>One reconcile of one source, its results printed; true when a server was created, changed or removed.</summary>
    private static async Task<bool> ReconcileOnceAsync(CliContext context, LocalStack stack, IManifestSource source, Dictionary<string, string> shown, CancellationToken cancellationToken)
    {
        var repo = new RepoContext(OrgEntitlement.LocalOrg, source.RepoName);
        var changed = false;
        try
        {
            // New servers get a `default` key before their first deploy, so it is bound from the start.
            var newKeys = new Dictionary<string, string>(StringComparer.Ordinal);
            async Task<bool> CreateDefaultKeysAsync(Plan plan, CancellationToken token)
            {
                var creating = plan.Changes.Where(c => c.Action == ChangeAction.Create).Select(c => c.Id).ToList();
                if (creating.Count == 0)
                {
                    return false;
                }

                await stack.Store.EnsureServersAsync(creating, token);
                var keys = new ApiKeyService(stack.Store);
                foreach (var id in creating)
                {
                    if ((await stack.Store.ListApiKeysAsync(id, includeRevoked: true, token)).Count == 0
                        && (await keys.CreateAsync(id, ApiKeyService.DefaultKeyName, context.Actor, token)).Key is { } key)
                    {
                        newKeys[id.ToString()] = key.Reveal();
                    }
                }

                return newKeys.Count > 0;
            }

            var result = await stack.Reconciler.ReconcileAsync(
                new ReconcileRequest { Source = source, Repo = repo, Apply = true, BeforeApply = CreateDefaultKeysAsync, Trigger = "up", Actor = context.Actor }, cancellationToken);
            if (result.Error is { } error)
            {
                await ShowOnceAsync(context, shown, $"source:{source.Location}", $"  ! {source.Location}: {error.Message}");
                return false;
            }

            shown.Remove($"source:{source.Location}");
            changed = result.Outcomes.Any(o => o.Succeeded);

            foreach (var outcome in result.Outcomes.OrderBy(o => o.Id.ToString(), StringComparer.Ordinal))
            {
                var change = result.Plan.Changes.First(c => c.Id == outcome.Id);
                if (!outcome.Succeeded)
                {
                    await context.Stdout.WriteLineAsync($"  ✗ {outcome.Id}: {outcome.Error}");
                    continue;
                }

                switch (outcome.Action)
                {
                    case ChangeAction.Create:
                        await context.Stdout.WriteLineAsync($"  + {outcome.Id}  {outcome.Endpoint}/mcp");
                        break;
                    case ChangeAction.Update:
                    case ChangeAction.UpdateSecrets:
                        await context.Stdout.WriteLineAsync($"  ~ {outcome.Id}  updated ({string.Join("; ", change.Reasons.Select(r => r.Text))})");
                        break;
                    default:
                        await context.Stdout.WriteLineAsync($"  - {outcome.Id}  removed");
                        break;
                }

                if (newKeys.TryGetValue(outcome.Id.ToString(), out var newKey))
                {
                    await context.Stdout.WriteLineAsync($"      key 'default' (shown once): {newKey}");
                    await context.Stdout.WriteLineAsync($"      ./mcpsaas connect {outcome.Id}{context.DataArgument} prints client snippets");
                }
            }

            foreach (var file in result.Files.Where(f => f.AllDiagnostics.Any(d => d.IsError)))
            {
                var text = string.Join("\n", file.AllDiagnostics.Where(d => d.IsError).Select(d => $"  ! {d}"));
                await ShowOnceAsync(context, shown, $"file:{source.RepoName}/{file.Path}", text);
            }

            foreach (var stalled in result.Plan.Stalled.Where(s => s.Reason != StallReason.InvalidManifest))
            {
                var hint = CliHints.ForStalled(stalled, context.DataArgument);
                await ShowOnceAsync(context, shown, $"stalled:{stalled.Id}", $"  ! {stalled.Id}: {stalled.Message}{(hint is null ? "" : $": {hint}")}");
            }

            foreach (var key in shown.Keys.Where(k => k.StartsWith("stalled:", StringComparison.Ordinal)).ToList())
            {
                if (!result.Plan.Stalled.Any(s => $"stalled:{s.Id}" == key) && key.Contains($"/{source.RepoName}/", StringComparison.Ordinal))
                {
                    shown.Remove(key);
                }
            }
        }
        catch (SourceException e)
        {
            await ShowOnceAsync(context, shown, $"source:{source.Location}", $"  ! {source.Location}: {e.Message}");
        }

        return changed;
    }

    /// <summary>Prints a problem once, and again only when its text changes.</summary>
    private static async Task ShowOnceAsync(CliContext context, Dictionary<string, string> shown, string key, string text)
    {
        if (shown.TryGetValue(key, out var previous) && previous == text)
        {
            return;
        }

        shown[key] = text;
        await context.Stdout.WriteLineAsync(text);
    }
}
