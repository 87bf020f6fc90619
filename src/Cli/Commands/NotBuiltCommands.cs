using System.CommandLine;

namespace McpSaas.Cli.Commands;

/// <summary>
/// Commands of architecture.md whose implementation has not landed yet. Each parses its real
/// arguments (so <c>--help</c> documents the interface) and says plainly that it is not built (exit 2).
/// </summary>
internal static class NotBuiltCommands
{
    public static IEnumerable<Command> Create(CliContext context)
    {
        Option<string> Source() => new("--source") { Description = "A folder or git URL holding mcp.yaml manifests.", Required = true };
        Option<string> Ref() => new("--ref") { Description = "Git ref to read (default: the default branch)." };
        Option<string> Repo() => new("--repo") { Description = "Repository name used in server ids (default: the source's base name)." };
        Option<string> Target() => new Option<string>("--target") { Description = "Where servers run.", DefaultValueFactory = _ => "local" }
            .AcceptOnlyFromAmong("local", "cloudflare");
        Option<bool> Json() => new("--json") { Description = "Machine-readable output." };
        Argument<string> ServerId() => new("SERVER-ID") { Description = "org/repo/name" };

        yield return NotBuilt(context, new Command("plan", "Show what apply would do; nothing is changed.") { Source(), Ref(), Repo(), Target(), Json() }, 6);
        yield return NotBuilt(context, new Command("apply", "Make the deployed servers match the manifests; prints each changed server's id and URL.") { Source(), Ref(), Repo(), Target(), Json() }, 6);
        yield return NotBuilt(context, new Command("up", "The embedded default: examples/ on local workerd, SQLite, UI and API on 127.0.0.1; keeps reconciling until Ctrl-C.")
        {
            new Option<string[]>("--source") { Description = "Extra folders or git URLs to reconcile besides examples/." },
        }, 6);
        yield return NotBuilt(context, new Command("serve", "The production host: webhooks, scheduler, UI and API, from configuration."), 0);

        yield return new Command("servers", "Deployed servers.")
        {
            NotBuilt(context, new Command("list", "Server ids, state, URL, tools, last reconcile.") { new Option<string>("--org") { Description = "Only this org." }, Json() }, 6),
        };

        yield return new Command("keys", "Named API keys of a server.")
        {
            NotBuilt(context, new Command("create", "Create a key; it is printed once.") { ServerId(), new Option<string>("--name") { Description = "Key name (default: 'default')." } }, 6),
            NotBuilt(context, new Command("list", "Key names and last use.") { ServerId(), Json() }, 6),
            NotBuilt(context, new Command("revoke", "Revoke a key; the Worker is updated and the key gets 401.") { ServerId(), new Argument<string>("NAME") { Description = "Key name." } }, 6),
        };

        yield return NotBuilt(context, new Command("connect", "Connection snippets, with ${MCPSAAS_KEY} where the key goes.")
        {
            ServerId(),
            new Option<string>("--client") { Description = "Only this client's snippet." }.AcceptOnlyFromAmong("claude", "cursor", "vscode", "claude-code", "npx", "json"),
        }, 6);
        yield return new Command("local", "The local workerd runtime of this data folder.")
        {
            NotBuilt(context, new Command("status", "Whether it runs, its pid, port and servers."), 6),
            NotBuilt(context, new Command("stop", "Stop it (SIGTERM, then SIGKILL after 2 s)."), 6),
        };
    }

    private static Command NotBuilt(CliContext context, Command command, int issue)
    {
        command.SetAction(parseResult =>
        {
            var path = parseResult.CommandResult.Command == command ? FullName(command) : command.Name;
            var tracked = issue > 0 ? $" (tracked in issue #{issue})" : "";
            context.Stderr.WriteLine($"mcpsaas {path}: not built yet{tracked}. Nothing was done.");
            return ExitCodes.Usage;
        });
        return command;
    }

    private static string FullName(Command command)
    {
        var names = new List<string> { command.Name };
        for (var parent = command.Parents.OfType<Command>().FirstOrDefault(); parent is not null && parent is not RootCommand; parent = parent.Parents.OfType<Command>().FirstOrDefault())
        {
            names.Insert(0, parent.Name);
        }

        return string.Join(' ', names);
    }
}
