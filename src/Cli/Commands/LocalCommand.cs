using System.CommandLine;
using System.Globalization;
using McpSaas.Cli.Local;

namespace McpSaas.Cli.Commands;

/// <summary><c>local status|stop</c>: the local workerd runtime of this data folder.</summary>
internal static class LocalCommand
{
    public static Command Create(CliContext context)
    {
        var status = new Command("status", "Whether it runs, its pid, port and servers.");
        status.SetAction((parseResult, cancellationToken) => CliState.GuardAsync(context, "local status", async () =>
        {
            using var stack = await LocalStack.OpenAsync(CliState.DataDirectory(parseResult, context), context, cancellationToken);
            var running = stack.Platform.Status();
            var deployed = (await stack.Platform.ListAsync(cancellationToken)).Where(w => w.Ownership?.Owner == "local").ToList();
            var recorded = (await stack.Store.ListInventoryAsync(null, null, cancellationToken))
                .Where(i => i.Platform == stack.Platform.Name).ToDictionary(i => i.ScriptName, StringComparer.Ordinal);
            if (running is null)
            {
                await context.Stdout.WriteLineAsync($"local runtime: stopped ({deployed.Count} server(s) deployed; `./mcpsaas up` or `./mcpsaas apply` starts it)");
                return ExitCodes.Ok;
            }

            await context.Stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"local runtime: running, pid {running.Pid}, http://127.0.0.1:{running.Port}, {running.Workers} server(s), since {running.StartedAt:yyyy-MM-dd HH:mm:ss}Z"));
            foreach (var worker in deployed.OrderBy(w => w.Ownership!.ServerId ?? w.ScriptName, StringComparer.Ordinal))
            {
                var drifted = recorded.TryGetValue(worker.ScriptName, out var entry) && entry.Etag is { } receipt && receipt != worker.Etag;
                await context.Stdout.WriteLineAsync($"  {worker.Ownership!.ServerId ?? worker.ScriptName}  {worker.Endpoint}/mcp{(drifted ? "  (changed outside McpSaas)" : "")}");
            }

            return ExitCodes.Ok;
        }));

        var stop = new Command("stop", "Stop it (SIGTERM, then SIGKILL after 2 s).");
        stop.SetAction((parseResult, cancellationToken) => CliState.GuardAsync(context, "local stop", async () =>
        {
            using var stack = await LocalStack.OpenAsync(CliState.DataDirectory(parseResult, context), context, cancellationToken);
            var stopped = await stack.Platform.StopAsync(cancellationToken);
            await context.Stdout.WriteLineAsync(stopped ? "local runtime stopped" : "local runtime was not running");
            return ExitCodes.Ok;
        }));
        return new Command("local", "The local workerd runtime of this data folder.") { status, stop };
    }
}
