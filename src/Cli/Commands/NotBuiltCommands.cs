using System.CommandLine;

namespace McpSaas.Cli.Commands;

/// <summary>
/// Commands of architecture.md whose implementation has not landed yet. Each parses its real arguments
/// (so <c>--help</c> documents the interface) and says plainly that it is not built (exit 2).
/// </summary>
internal static class NotBuiltCommands
{
    /// <summary><c>serve</c>: the production host (GitHub webhooks, scheduler, status UI) comes with its own issue.</summary>
    public static Command Serve(CliContext context)
    {
        var command = new Command("serve", "The production host: webhooks, scheduler, UI and API, from configuration.");
        command.SetAction(_ =>
        {
            context.Stderr.WriteLine("mcpsaas serve: not built yet (the GitHub App host comes with its own issue); `./mcpsaas up` runs the local embedded default. Nothing was done.");
            return ExitCodes.Usage;
        });
        return command;
    }
}
