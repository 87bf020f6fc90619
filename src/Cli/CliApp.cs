using System.CommandLine;
using System.CommandLine.Parsing;
using McpSaas.Cli.Commands;

namespace McpSaas.Cli;

/// <summary>The <c>mcpsaas</c> command tree. Output goes to the given writers so tests run it in-process.</summary>
internal static class CliApp
{
    public const string UsageLine = "Usage: mcpsaas <command> [options]   (mcpsaas --help lists the commands)";

    public static Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken) =>
        RunAsync(args, new CliContext(stdout, stderr), cancellationToken);

    public static async Task<int> RunAsync(string[] args, CliContext context, CancellationToken cancellationToken)
    {
        var (stdout, stderr) = (context.Stdout, context.Stderr);
        var root = BuildRoot(context);
        var parseResult = root.Parse(args);
        var errors = parseResult.Errors.Select(Describe).Concat(UnknownOptions(parseResult)).ToList();
        if (errors.Count > 0)
        {
            foreach (var error in errors)
            {
                await stderr.WriteLineAsync($"mcpsaas: {error}");
            }

            var command = parseResult.CommandResult.Command;
            var commandPath = command == root ? "" : " " + CommandPath(parseResult);
            await stderr.WriteLineAsync($"Usage: mcpsaas{commandPath} [options]   (mcpsaas{commandPath} --help for more)");
            return ExitCodes.Usage;
        }

        if (parseResult.GetResult(context.Options.Data) is { Implicit: false } && parseResult.GetValue(context.Options.Data) is { } data)
        {
            context.DataArgument = CliContext.DataArgumentFor(data.FullName);
        }

        // Ctrl-C and SIGTERM cancel the token (Program.cs); commands clean up themselves (`up` stops workerd), so the
        // parser's own termination timeout, which would return before that, is off.
        var configuration = new InvocationConfiguration { Output = stdout, Error = stderr, ProcessTerminationTimeout = null };
        return await parseResult.InvokeAsync(configuration, cancellationToken);
    }

    internal static RootCommand BuildRoot(CliContext context)
    {
        var root = new RootCommand(
            "McpSaas: hosted MCP servers, the GitOps way. Commit mcp.yaml manifests; McpSaas makes the deployed servers match them.");
        root.Options.Add(context.Options.Data);
        // In the order of architecture.md's command table.
        root.Subcommands.Add(ValidateCommand.Create(context));
        foreach (var command in ReconcileCommands.Create(context))
        {
            root.Subcommands.Add(command);
        }

        root.Subcommands.Add(UpCommand.Create(context));
        root.Subcommands.Add(ServeCommand.Create(context));
        root.Subcommands.Add(ServersCommand.Create(context));
        root.Subcommands.Add(SecretsCommand.Create(context));
        root.Subcommands.Add(KeysCommand.Create(context));
        root.Subcommands.Add(ConnectCommand.Create(context));
        root.Subcommands.Add(UsageCommand.Create(context));
        root.Subcommands.Add(AdminCommand.Create(context));
        root.Subcommands.Add(AuditCommand.Create(context));
        root.Subcommands.Add(LocalCommand.Create(context));

        root.SetAction(parseResult =>
        {
            context.Stderr.WriteLine(UsageLine);
            return ExitCodes.Usage;
        });
        return root;
    }

    /// <summary>
    /// Tokens that look like options but matched none. The parser hands them to a variadic argument
    /// (<c>validate --frob</c> would read "--frob" as a path); they are usage errors instead.
    /// Everything after a <c>--</c> separator is taken literally.
    /// </summary>
    private static IEnumerable<string> UnknownOptions(ParseResult parseResult)
    {
        foreach (var token in parseResult.Tokens)
        {
            if (token.Type == TokenType.DoubleDash)
            {
                yield break;
            }

            if (token.Type == TokenType.Argument && token.Value.Length > 1 && token.Value[0] == '-' && !char.IsDigit(token.Value[1]))
            {
                yield return $"Unrecognized option '{token.Value}'.";
            }
        }
    }

    /// <summary>
    /// The parser's message, except for a value that is not a number: the parser names the .NET type
    /// (<c>System.Nullable`1[System.Int64]</c>); the user is told what the option takes instead.
    /// </summary>
    private static string Describe(ParseError error)
    {
        var option = error.SymbolResult switch
        {
            OptionResult o => o,
            ArgumentResult { Parent: OptionResult o } => o,
            _ => null,
        };
        if (option is null || !error.Message.StartsWith("Cannot parse argument", StringComparison.Ordinal))
        {
            return error.Message;
        }

        var type = Nullable.GetUnderlyingType(option.Option.ValueType) ?? option.Option.ValueType;
        var kind = type == typeof(int) || type == typeof(long) ? "a whole number"
            : type == typeof(double) ? "a number"
            : null;
        var value = option.Tokens.Count > 0 ? option.Tokens[^1].Value : "";
        return kind is null ? error.Message : $"{option.Option.Name} '{value}' is not {kind}";
    }

    private static string CommandPath(ParseResult parseResult)
    {
        var names = new List<string>();
        for (var r = parseResult.CommandResult; r is not null && r.Parent is not null; r = r.Parent as CommandResult)
        {
            names.Insert(0, r.Command.Name);
        }

        return string.Join(' ', names);
    }
}
