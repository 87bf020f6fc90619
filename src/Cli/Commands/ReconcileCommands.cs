using System.CommandLine;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using McpSaas.Cli.Cloudflare;
using McpSaas.Cli.Local;
using McpSaas.Cli.Output;
using McpSaas.Reconciler.Desired;
using McpSaas.Reconciler.Planning;
using McpSaas.Reconciler.Platforms.Cloudflare;
using McpSaas.Reconciler.Reconciling;
using McpSaas.Reconciler.Sources;
using McpSaas.Reconciler.State;
using McpSaas.Reconciler.State.Sqlite;

namespace McpSaas.Cli.Commands;

/// <summary><c>plan</c> and <c>apply</c>: one repository (a folder or git URL) against the local runtime or Cloudflare (<c>--target</c>).</summary>
internal static class ReconcileCommands
{
    public static IEnumerable<Command> Create(CliContext context)
    {
        yield return Build(context, "plan", "Show what apply would do; nothing is changed.", apply: false);
        yield return Build(context, "apply", "Make the deployed servers match the manifests; prints each changed server's id and URL.", apply: true);
    }

    private static Command Build(CliContext context, string name, string description, bool apply)
    {
        var source = new Option<string>("--source") { Description = "A folder, or a git URL (https://…, ssh://…, file://…, *.git), holding mcp.yaml manifests.", Required = true };
        var gitRef = new Option<string>("--ref") { Description = "Git ref to read (default: the remote's default branch)." };
        var repo = new Option<string>("--repo") { Description = "Repository name used in server ids (default: the source's base name)." };
        var target = new Option<string>("--target") { Description = "Where servers run.", DefaultValueFactory = _ => "local" }.AcceptOnlyFromAmong("local", "cloudflare");
        var json = new Option<bool>("--json") { Description = "Machine-readable output (the plan's JSON; for apply, with each server's outcome)." };
        var command = new Command(name, description) { source, gitRef, repo, target, json };
        command.SetAction((parseResult, cancellationToken) => CliState.GuardAsync(context, name, async () =>
        {
            var data = CliState.DataDirectory(parseResult, context);
            var (src, error) = SourceSpec.Create(parseResult.GetValue(source)!, parseResult.GetValue(gitRef), parseResult.GetValue(repo), data);
            if (src is null)
            {
                await context.Stderr.WriteLineAsync($"mcpsaas {name}: {error}");
                return ExitCodes.Usage;
            }

            if (!CliNames.IsRepo(src.RepoName))
            {
                await context.Stderr.WriteLineAsync($"mcpsaas {name}: '{src.RepoName}' cannot be a repository name: pass --repo NAME (letters, digits, '.', '_', '-')");
                return ExitCodes.Usage;
            }

            if (parseResult.GetValue(target) == CloudflarePlatform.PlatformName)
            {
                var (cloud, problems) = await CloudflareStack.OpenAsync(data, context, null, cancellationToken);
                if (cloud is null)
                {
                    foreach (var problem in problems)
                    {
                        await context.Stderr.WriteLineAsync($"mcpsaas {name}: {problem}");
                    }

                    await context.Stderr.WriteLineAsync($"mcpsaas {name}: --target cloudflare is not configured (see the README, \"Cloudflare\"). Nothing was done.");
                    return ExitCodes.Usage;
                }

                using (cloud)
                {
                    return await RunAsync(context, cloud.Store, cloud.Reconciler, src, apply, parseResult.GetValue(json), null, cancellationToken);
                }
            }

            using var stack = await LocalStack.OpenAsync(data, context, cancellationToken);
            var outcome = await RunAsync(context, stack, src, apply, parseResult.GetValue(json), cancellationToken);
            return outcome;
        }));
        return command;
    }

    /// <summary>Reconciles one source and prints the result; the exit code says whether everything converged.</summary>
    public static Task<int> RunAsync(CliContext context, LocalStack stack, IManifestSource source, bool apply, bool json, CancellationToken cancellationToken) =>
        RunAsync(context, stack.Store, stack.Reconciler, source, apply, json,
            // workerd stays running after this command: so does its usage endpoint, and every server knows its quota.
            token => LocalRuntime.SettleAsync(context, stack, token),
            cancellationToken);

    /// <summary>Reconciles one source on the reconciler's platform and prints the result; the exit code says whether everything converged.</summary>
    /// <param name="afterApply">What the target does once an apply ran (local: settle the runtime's usage endpoint), or null.</param>
    public static async Task<int> RunAsync(
        CliContext context,
        SqliteStateStore store,
        RepoReconciler reconciler,
        IManifestSource source,
        bool apply,
        bool json,
        Func<CancellationToken, Task>? afterApply,
        CancellationToken cancellationToken)
    {
        var repo = new RepoContext(OrgEntitlement.LocalOrg, source.RepoName);
        var clash = await RepoClashAsync(store, repo, source, cancellationToken)
            ?? await TargetClashAsync(store, repo, reconciler.Platform.Name, cancellationToken);
        if (clash is not null)
        {
            await context.Stderr.WriteLineAsync($"mcpsaas: {clash}");
            return ExitCodes.Usage;
        }

        var progress = new Progress(context);
        var result = await reconciler.ReconcileAsync(
            new ReconcileRequest { Source = source, Repo = repo, Apply = apply, Progress = progress, Actor = context.Actor, Trigger = "cli" }, cancellationToken);
        if (result.Error is { } error)
        {
            await context.Stderr.WriteLineAsync($"mcpsaas: {error.Message}");
            return ExitCodes.Failed;
        }

        if (apply && afterApply is not null)
        {
            await afterApply(cancellationToken);
        }

        var invalid = result.Files.SelectMany(f => f.AllDiagnostics).Where(d => d.IsError).ToList();
        if (json)
        {
            await context.Stdout.WriteAsync(apply ? ApplyJson(result, context) : JsonPlanRenderer.Render(result.Plan, CliHints.For(context)));
        }
        else
        {
            if (invalid.Count > 0)
            {
                await context.Stdout.WriteLineAsync("Manifest problems:");
                foreach (var d in invalid)
                {
                    await context.Stdout.WriteLineAsync($"  {d}");
                }

                await context.Stdout.WriteLineAsync();
            }

            await context.Stdout.WriteAsync(TextPlanRenderer.Render(result.Plan, context.Color, CliHints.For(context)));
            if (apply)
            {
                await context.Stdout.WriteAsync(RenderOutcomes(result));
            }
        }

        return invalid.Count > 0 || result.Failed || result.Plan.Stalled.Count > 0 ? ExitCodes.Failed : ExitCodes.Ok;
    }

    /// <summary>Two sources with the same repository name are an error, not a merge (architecture.md).</summary>
    internal static Task<string?> RepoClashAsync(LocalStack stack, RepoContext repo, IManifestSource source, CancellationToken cancellationToken) =>
        RepoClashAsync(stack.Store, repo, source, cancellationToken);

    internal static async Task<string?> RepoClashAsync(IStateStore store, RepoContext repo, IManifestSource source, CancellationToken cancellationToken)
    {
        var known = (await store.ListReposAsync(repo.Org, cancellationToken)).FirstOrDefault(r => r.Name == repo.Name);
        return known?.Source is { } existing && existing != source.Location
            ? $"repository name '{repo.Name}' is already used by the source {existing}: pass --repo with another name for {source.Location}"
            : null;
    }

    /// <summary>One data folder deploys a repository to one target: its servers' records (and URLs) are per server, not per target.</summary>
    internal static async Task<string?> TargetClashAsync(IStateStore store, RepoContext repo, string platform, CancellationToken cancellationToken)
    {
        var other = (await store.ListInventoryAsync(repo.Org, repo.Name, cancellationToken)).FirstOrDefault(i => i.Platform != platform);
        return other is null
            ? null
            : $"repository '{repo.Org}/{repo.Name}' is deployed with --target {other.Platform} in this data folder; a data folder deploys a repository to one target: use another --data folder for --target {platform}, or --repo with another name";
    }

    public static string RenderOutcomes(ReconcileResult result)
    {
        if (result.Outcomes.Count == 0)
        {
            return "";
        }

        var sb = new StringBuilder("\n");
        foreach (var o in result.Outcomes.OrderBy(o => o.Id.ToString(), StringComparer.Ordinal))
        {
            var verb = o.Action switch
            {
                ChangeAction.Create => "created",
                ChangeAction.Update => "updated",
                ChangeAction.UpdateSecrets => "rebound",
                _ => "destroyed",
            };
            sb.Append(o.Succeeded
                ? $"  {verb} {o.Id}{(o.Endpoint is null ? "" : $"  {o.Endpoint}/mcp")}\n"
                : $"  failed  {o.Id}: {o.Error}\n");
        }

        var ok = result.Outcomes.Where(o => o.Succeeded).ToList();
        sb.Append($"\nApply complete: {ok.Count(o => o.Action == ChangeAction.Create)} added, {ok.Count(o => o.Action is ChangeAction.Update or ChangeAction.UpdateSecrets)} changed, " +
            $"{ok.Count(o => o.Action == ChangeAction.Delete)} destroyed, {result.Outcomes.Count - ok.Count} failed.\n");
        return sb.ToString();
    }

    private static string ApplyJson(ReconcileResult result, CliContext context)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteNumber("formatVersion", JsonPlanRenderer.FormatVersion);
            w.WritePropertyName("plan");
            using (var plan = JsonDocument.Parse(JsonPlanRenderer.Render(result.Plan, CliHints.For(context))))
            {
                plan.RootElement.WriteTo(w);
            }

            w.WriteStartArray("outcomes");
            foreach (var o in result.Outcomes)
            {
                w.WriteStartObject();
                w.WriteString("server", o.Id.ToString());
                w.WriteString("action", JsonPlanRenderer.ActionName(o.Action));
                w.WriteBoolean("succeeded", o.Succeeded);
                w.WriteString("url", o.Endpoint is null ? null : o.Endpoint + "/mcp");
                w.WriteString("error", o.Error);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    /// <summary>Progress on long steps, to stderr (stdout stays the result).</summary>
    private sealed class Progress(CliContext context) : IProgress<string>
    {
        public void Report(string value) => context.Stderr.WriteLine($"mcpsaas: {value}…");
    }
}
