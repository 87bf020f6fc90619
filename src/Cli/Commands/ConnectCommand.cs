using System.CommandLine;
using McpSaas.Reconciler.Identity;
using McpSaas.Reconciler.Connect;
using McpSaas.Reconciler.State;

namespace McpSaas.Cli.Commands;

/// <summary><c>connect SERVER-ID [--client …]</c>: URLs and client snippets, with <c>${MCPSAAS_KEY}</c> where the key goes.</summary>
internal static class ConnectCommand
{
    public static Command Create(CliContext context)
    {
        var server = new Argument<string>("SERVER-ID") { Description = "org/repo/name" };
        var client = new Option<string>("--client") { Description = "Only this client's snippet." }.AcceptOnlyFromAmong([.. ConnectionSnippets.Clients]);
        var command = new Command("connect", "Connection snippets, with ${MCPSAAS_KEY} where the key goes.") { server, client };
        command.SetAction((parseResult, cancellationToken) => CliState.GuardAsync(context, "connect", async () =>
        {
            var text = parseResult.GetValue(server)!;
            if (!ServerId.TryParse(text, out var id))
            {
                await context.Stderr.WriteLineAsync($"mcpsaas connect: '{text}' is not a server id: expected org/repo/name (`./mcpsaas servers list` shows them)");
                return ExitCodes.Usage;
            }

            var data = CliState.DataDirectory(parseResult, context);
            ServerRecord? record = null;
            if (CliState.Exists(data))
            {
                using var store = CliState.Open(data, context);
                record = await store.GetServerAsync(id, cancellationToken);
            }

            if (record?.EndpointUrl is not { } url)
            {
                await context.Stderr.WriteLineAsync(record is null
                    ? $"mcpsaas connect: unknown server '{id}': `./mcpsaas servers list` shows the servers McpSaas knows"
                    : $"mcpsaas connect: {id} is not deployed yet ({record.Reason ?? "no successful apply"}): fix that, then apply");
                return ExitCodes.Failed;
            }

            await context.Stdout.WriteAsync(ConnectionSnippets.Render(id.Name, url, parseResult.GetValue(client)));
            return ExitCodes.Ok;
        }));
        return command;
    }
}
