using System.CommandLine;
using System.Globalization;
using McpSaas.Cli.Local;

namespace McpSaas.Cli.Commands;

/// <summary>
/// <c>local status|stop</c>: the local runtime of this data folder — workerd and its usage endpoint (the ingest
/// companion). <c>local ingest</c> is the companion itself (hidden: started by the commands that leave workerd running).
/// </summary>
internal static class LocalCommand
{
    public static Command Create(CliContext context)
    {
        var status = new Command("status", "Whether it runs (workerd and the usage endpoint), pids, ports and servers.");
        status.SetAction((parseResult, cancellationToken) => CliState.GuardAsync(context, "local status", async () =>
        {
            var data = CliState.DataDirectory(parseResult, context);
            if (!Directory.Exists(data))
            {
                // Nothing can run for a data folder that does not exist; a look must not create it (a typo'd --data).
                await context.Stdout.WriteLineAsync($"local runtime: stopped (no data folder at {data}, so nothing is deployed there; `./mcpsaas up` or `./mcpsaas apply` starts it)");
                return ExitCodes.Ok;
            }

            using var stack = await LocalStack.OpenAsync(data, context, cancellationToken);
            var running = stack.Platform.Status();
            var deployed = (await stack.Platform.ListAsync(cancellationToken)).Where(w => w.Ownership is not null).ToList();
            var recorded = (await stack.Store.ListInventoryAsync(null, null, cancellationToken))
                .Where(i => i.Platform == stack.Platform.Name).ToDictionary(i => i.ScriptName, StringComparer.Ordinal);
            var ingest = LocalRuntime.Ingest(stack, context);
            var companion = ingest.Running();
            if (running is null)
            {
                await context.Stdout.WriteLineAsync($"local runtime: stopped ({deployed.Count} server(s) deployed; `./mcpsaas up` or `./mcpsaas apply` starts it)");
                if (companion is not null)
                {
                    await context.Stdout.WriteLineAsync(Describe(ingest, companion));
                }

                return ExitCodes.Ok;
            }

            await context.Stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"local runtime: running, pid {running.Pid}, http://127.0.0.1:{running.Port}, {running.Workers} server(s), since {running.StartedAt:yyyy-MM-dd HH:mm:ss}Z"));
            await context.Stdout.WriteLineAsync(companion is not null
                ? Describe(ingest, companion)
                : await ingest.AnswersAsync(cancellationToken)
                    ? $"usage ingest: served by another McpSaas process on {ingest.UsageUrl} (`./mcpsaas up`)"
                    : "usage ingest: not running: usage is not recorded and quotas are not confirmed until it runs; `./mcpsaas apply` (or `up`) starts it");
            foreach (var worker in deployed.OrderBy(w => w.Ownership!.ServerId ?? w.ScriptName, StringComparer.Ordinal))
            {
                var drifted = recorded.TryGetValue(worker.ScriptName, out var entry) && entry.Etag is { } receipt && receipt != worker.Etag;
                await context.Stdout.WriteLineAsync($"  {worker.Ownership!.ServerId ?? worker.ScriptName}  {worker.Endpoint}/mcp{(drifted ? "  (changed outside McpSaas)" : "")}");
            }

            return ExitCodes.Ok;
        }));

        var stop = new Command("stop", "Stop it: workerd and the usage endpoint (SIGTERM, then SIGKILL after a grace period).");
        stop.SetAction((parseResult, cancellationToken) => CliState.GuardAsync(context, "local stop", async () =>
        {
            var data = CliState.DataDirectory(parseResult, context);
            if (!Directory.Exists(data))
            {
                await context.Stdout.WriteLineAsync("local runtime was not running");
                return ExitCodes.Ok;
            }

            using var stack = await LocalStack.OpenAsync(data, context, cancellationToken);
            var (workerd, ingest) = await LocalRuntime.StopAsync(context, stack, cancellationToken);
            await context.Stdout.WriteLineAsync(workerd ? "local runtime stopped" : "local runtime was not running");
            if (ingest)
            {
                await context.Stdout.WriteLineAsync("usage ingest stopped");
            }

            return ExitCodes.Ok;
        }));

        var ingestCommand = new Command(IngestCompanion.CommandName, "The local usage endpoint, as long as the local runtime runs (started by apply and keys; stopped by local stop).")
        {
            Hidden = true,
        };
        ingestCommand.SetAction((parseResult, cancellationToken) => CliState.GuardAsync(context, "local ingest", async () =>
        {
            using var stack = await LocalStack.OpenAsync(CliState.DataDirectory(parseResult, context), context, cancellationToken);
            return await IngestHost.RunAsync(context, stack, cancellationToken);
        }));

        return new Command("local", "The local runtime of this data folder: workerd and its usage endpoint.") { status, stop, ingestCommand };
    }

    private static string Describe(IngestCompanion ingest, IngestPidFile companion) => string.Create(CultureInfo.InvariantCulture,
        $"usage ingest: running, pid {companion.Pid}, {ingest.UsageUrl}, since {companion.StartedAt:yyyy-MM-dd HH:mm:ss}Z");
}
