using McpSaas.Reconciler.Desired;

namespace McpSaas.Cli.Output;

/// <summary>What the CLI tells a person to run about a stalled or waiting server (the core says what is wrong, not which command fixes it).</summary>
internal static class CliHints
{
    public static string? ForStalled(StalledServer stalled)
    {
        ArgumentNullException.ThrowIfNull(stalled);
        return stalled.Reason switch
        {
            StallReason.SecretMissing when stalled.MissingSecrets.Count > 0 =>
                "run " + string.Join("; ", stalled.MissingSecrets.Select(m => $"./mcpsaas secrets set {stalled.Id.Org} {m}")),
            StallReason.PlanLimit => $"see `./mcpsaas admin plan {stalled.Id.Org} …` for the org's plan",
            _ => null,
        };
    }
}
