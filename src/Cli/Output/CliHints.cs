using McpSaas.Reconciler.Desired;

namespace McpSaas.Cli.Output;

/// <summary>What the CLI tells a person to run about a stalled or waiting server (the core says what is wrong, not which command fixes it).</summary>
internal static class CliHints
{
    /// <summary>The hints for one command run: the commands they name act on its data folder (<see cref="CliContext.DataArgument"/>).</summary>
    public static Func<StalledServer, string?> For(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return stalled => ForStalled(stalled, context.DataArgument);
    }

    public static string? ForStalled(StalledServer stalled, string dataArgument = "")
    {
        ArgumentNullException.ThrowIfNull(stalled);
        return stalled.Reason switch
        {
            StallReason.SecretMissing when stalled.MissingSecrets.Count > 0 =>
                "run " + string.Join("; ", stalled.MissingSecrets.Select(m => $"./mcpsaas secrets set {stalled.Id.Org} {m}{dataArgument}")),
            StallReason.PlanLimit => $"see `./mcpsaas admin plan {stalled.Id.Org} …{dataArgument}` for the org's plan",
            _ => null,
        };
    }
}
