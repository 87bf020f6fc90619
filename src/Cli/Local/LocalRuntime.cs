using McpSaas.Reconciler.Identity;

namespace McpSaas.Cli.Local;

/// <summary>
/// The local runtime as the commands see it: workerd (the platform's) and its usage endpoint (the ingest companion,
/// or <c>up</c> in-process), which must live exactly as long as each other (worker-contract.md, "Local runtime
/// lifecycle"). Commands that leave workerd running call <see cref="SettleAsync"/>; <c>local stop</c> calls
/// <see cref="StopAsync"/>.
/// </summary>
internal static class LocalRuntime
{
    public static IngestCompanion Ingest(LocalStack stack, CliContext context) =>
        new(stack.DataDirectory, stack.UsagePort, context);

    /// <summary>Whether anything was ever deployed on this data folder's local runtime (its <c>local/</c> folder exists).</summary>
    public static bool WasUsed(string dataDirectory) => Directory.Exists(Path.Combine(dataDirectory, "local"));

    /// <summary>
    /// After a command that leaves workerd running: its usage endpoint runs too (a companion that died is started
    /// again), and every deployed server has delivered what waited and holds a fresh quota verdict — so the quota holds
    /// from the first call. Problems go to stderr; the servers keep serving either way.
    /// </summary>
    public static Task SettleAsync(CliContext context, LocalStack stack, CancellationToken cancellationToken) =>
        SettleAsync(context, stack, null, cancellationToken);

    /// <param name="which">Only these servers are told (null: every deployed server).</param>
    public static async Task SettleAsync(CliContext context, LocalStack stack, Func<ServerId, bool>? which, CancellationToken cancellationToken)
    {
        if (stack.Platform.Status() is null)
        {
            return;
        }

        var ingest = await Ingest(stack, context).EnsureAsync(cancellationToken);
        if (!ingest.Serving)
        {
            await context.Stderr.WriteLineAsync($"mcpsaas: warning: the local usage endpoint is not running: {ingest.Problem}");
            return;
        }

        var failed = (await new UsageNudger(stack).NudgeAsync(which, cancellationToken)).Where(o => o.Result.Error is not null).ToList();
        foreach (var outcome in failed.OrderBy(o => o.Id.ToString(), StringComparer.Ordinal))
        {
            await context.Stderr.WriteLineAsync($"mcpsaas: warning: {outcome.Id} did not confirm its usage and quota: {outcome.Result.Error}");
        }
    }

    /// <summary>Stops workerd, then the usage ingest companion. Which of the two were running.</summary>
    public static async Task<(bool Workerd, bool Ingest)> StopAsync(CliContext context, LocalStack stack, CancellationToken cancellationToken)
    {
        var workerd = await stack.Platform.StopAsync(cancellationToken);
        var ingest = await Ingest(stack, context).StopAsync(cancellationToken);
        return (workerd, ingest);
    }
}
