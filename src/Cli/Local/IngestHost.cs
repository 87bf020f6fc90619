using System.Globalization;
using McpSaas.WebhookApi;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace McpSaas.Cli.Local;

/// <summary>
/// The body of the ingest companion (<c>mcpsaas local ingest</c>, see <see cref="IngestCompanion"/>): the web app's usage
/// ingest on the usage port; at start it nudges every deployed server (deliver now, fresh verdict), then every 30 s
/// sweeps the servers still holding events; it stops on SIGTERM, or by itself once no workerd has run for a minute.
/// </summary>
internal static class IngestHost
{
    public static readonly TimeSpan Tick = TimeSpan.FromSeconds(5);

    public static readonly TimeSpan SweepEvery = TimeSpan.FromSeconds(30);

    public static readonly TimeSpan IdleExit = TimeSpan.FromMinutes(1);

    public static async Task<int> RunAsync(CliContext context, LocalStack stack, CancellationToken cancellationToken)
    {
        var companion = LocalRuntime.Ingest(stack, context);
        if (companion.Running() is { } other && other.Pid != Environment.ProcessId)
        {
            await context.Stderr.WriteLineAsync($"mcpsaas local ingest: already running for this data folder (pid {other.Pid})");
            return ExitCodes.Failed;
        }

        var builder = McpSaasHost.CreateBuilder([], new McpSaasHostOptions
        {
            DataDirectory = stack.DataDirectory,
            Urls = [$"http://127.0.0.1:{stack.UsagePort}"],
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        await using var app = McpSaasHost.Build(builder);
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch (IOException e)
        {
            await context.Stderr.WriteLineAsync($"mcpsaas local ingest: cannot listen on 127.0.0.1:{stack.UsagePort} ({e.Message})");
            return ExitCodes.Failed;
        }

        var pid = Environment.ProcessId;
        await companion.WritePidFileAsync(new IngestPidFile(pid, stack.UsagePort, context.Time.GetUtcNow()), cancellationToken);
        await LogAsync(context, $"usage ingest listening on {companion.UsageUrl} (pid {pid}, data {stack.DataDirectory})");
        var nudger = new UsageNudger(stack);
        try
        {
            await ReportAsync(context, "start", await nudger.NudgeAsync(null, cancellationToken));
            using var timer = new PeriodicTimer(Tick, context.Time);
            DateTimeOffset? idleSince = null;
            var lastSweep = context.Time.GetUtcNow();
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                var now = context.Time.GetUtcNow();
                if (stack.Platform.Status() is null)
                {
                    idleSince ??= now;
                    if (now - idleSince >= IdleExit)
                    {
                        await LogAsync(context, "no local runtime has run for a minute: stopping");
                        break;
                    }

                    continue;
                }

                idleSince = null;
                if (now - lastSweep >= SweepEvery)
                {
                    lastSweep = now;
                    await ReportAsync(context, "sweep", await nudger.SweepAsync(context.Time, cancellationToken));
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // SIGTERM (local stop, up)
        }
        finally
        {
            companion.RemovePidFile(pid);
            await app.StopAsync(CancellationToken.None);
            await LogAsync(context, "usage ingest stopped");
        }

        return ExitCodes.Ok;
    }

    private static async Task ReportAsync(CliContext context, string what, IReadOnlyList<NudgeOutcome> outcomes)
    {
        if (outcomes.Count == 0)
        {
            return;
        }

        var delivered = outcomes.Count(o => o.Result.Status is { Pending: 0 });
        await LogAsync(context, $"{what}: told {outcomes.Count} server(s) to deliver now; {delivered} have nothing waiting");
        foreach (var failed in outcomes.Where(o => o.Result.Error is not null))
        {
            await LogAsync(context, $"{what}: {failed.Id}: {failed.Result.Error}");
        }
    }

    private static async Task LogAsync(CliContext context, string line)
    {
        await context.Stdout.WriteLineAsync($"{context.Time.GetUtcNow().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture)} {line}");
        await context.Stdout.FlushAsync();
    }
}
