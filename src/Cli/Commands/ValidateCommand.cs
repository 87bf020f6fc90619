using System.CommandLine;

namespace McpSaas.Cli.Commands;

/// <summary><c>mcpsaas validate [PATH…]</c>: check manifests (the full validator lands with issue #3).</summary>
internal static class ValidateCommand
{
    public static Command Create(CliContext context)
    {
        var paths = new Argument<string[]>("PATH")
        {
            Description = "Files or folders to check; folders are searched for mcp.yaml / mcp.yml (default: the current folder).",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var json = new Option<bool>("--json") { Description = "Machine-readable output." };
        var command = new Command("validate", "Check mcp.yaml manifests: one line per problem as path:line:col: severity CODE: path: message.")
        {
            paths,
            json,
        };
        command.SetAction(parseResult =>
        {
            var given = parseResult.GetValue(paths) is { Length: > 0 } p ? p : ["."];
            var files = new List<string>();
            foreach (var path in given)
            {
                if (File.Exists(path))
                {
                    files.Add(path);
                }
                else if (Directory.Exists(path))
                {
                    files.AddRange(ManifestFiles.Find(path));
                }
                else
                {
                    context.Stderr.WriteLine($"mcpsaas validate: {path}: no such file or folder");
                    return ExitCodes.Usage;
                }
            }

            context.Stderr.WriteLine($"mcpsaas validate: found {files.Count} manifest file(s); the manifest rules are not built yet (tracked in issue #3).");
            return ExitCodes.Usage;
        });
        return command;
    }
}
