namespace McpSaas.Cli;

/// <summary>Exit codes of <c>mcpsaas</c>; part of the interface (README, "Exit codes").</summary>
internal static class ExitCodes
{
    /// <summary>Success; for <c>validate</c>: every manifest is valid.</summary>
    public const int Ok = 0;

    /// <summary><c>validate</c>/<c>plan</c>: manifests are invalid; other commands: the operation failed.</summary>
    public const int Failed = 1;

    /// <summary>Usage error: unknown command or option, bad argument, or a command not built yet.</summary>
    public const int Usage = 2;
}
