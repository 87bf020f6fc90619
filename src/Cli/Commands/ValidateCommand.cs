using System.CommandLine;
using System.Text.Json;
using McpSaas.Reconciler.Sources;
using McpSaas.Schema.Diagnostics;
using McpSaas.Schema.Loading;
using McpSaas.Schema.Manifests;

namespace McpSaas.Cli.Commands;

/// <summary>
/// <c>mcpsaas validate [PATH…] [--json]</c>: checks manifests. Folders are searched for mcp.yaml / mcp.yml (hidden
/// folders skipped) and their paths shown relative to that folder; file arguments are shown relative to the current
/// folder and checked together. Duplicate server names are checked across all files of one root.
/// Exit 0: every manifest valid; 1: some error; 2: usage error (a path that does not exist).
/// </summary>
internal static class ValidateCommand
{
    public static Command Create(CliContext context)
    {
        var paths = new Argument<string[]>("PATH")
        {
            Description = "Files or folders to check; folders are searched for mcp.yaml / mcp.yml (default: the current folder).",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var json = new Option<bool>("--json") { Description = "Machine-readable output (shape in the README)." };
        var command = new Command("validate", "Check mcp.yaml manifests: one line per problem as path:line:col: severity CODE: path: message, then a summary.")
        {
            paths,
            json,
        };
        command.SetAction(parseResult => Run(context, parseResult.GetValue(paths) is { Length: > 0 } p ? p : ["."], parseResult.GetValue(json)));
        return command;
    }

    internal static int Run(CliContext context, IReadOnlyList<string> given, bool json)
    {
        var cwd = Directory.GetCurrentDirectory();
        // Walked: found in a folder (a link must stay inside it); otherwise named on the command line.
        var roots = new List<(string Root, List<string> Files, bool Walked)>();
        var looseFiles = new List<string>();
        foreach (var path in given)
        {
            if (Directory.Exists(path))
            {
                try
                {
                    roots.Add((Path.GetFullPath(path), [.. ManifestFiles.Find(Path.GetFullPath(path))], true));
                }
                catch (SourceException e)
                {
                    context.Stderr.WriteLine($"mcpsaas validate: {e.Message}");
                    return ExitCodes.Failed;
                }
            }
            else if (File.Exists(path))
            {
                looseFiles.Add(Path.GetFullPath(path));
            }
            else
            {
                context.Stderr.WriteLine($"mcpsaas validate: {path}: no such file or folder");
                context.Stderr.WriteLine("Usage: mcpsaas validate [PATH…] [--json]   (mcpsaas validate --help for more)");
                return ExitCodes.Usage;
            }
        }

        if (looseFiles.Count > 0)
        {
            roots.Add((cwd, looseFiles, false));
        }

        var options = ManifestLoadOptions.Default;
        var checkedFiles = new List<ManifestFile>();
        foreach (var (root, files, walked) in roots)
        {
            var loaded = files.Select(f => FolderManifests.Read(f, walked ? root : null).Load(Relative(root, f), options)).ToList();
            checkedFiles.AddRange(ManifestSet.Check(loaded));
        }

        var diagnostics = checkedFiles.SelectMany(f => f.AllDiagnostics).ToList();
        var summary = new ValidateSummary(
            checkedFiles.Count,
            checkedFiles.Sum(f => f.Documents.Count),
            diagnostics.Count(d => d.IsError),
            diagnostics.Count(d => !d.IsError));

        if (json)
        {
            context.Stdout.WriteLine(JsonSerializer.Serialize(ValidateJson.From(checkedFiles, summary), ValidateJsonContext.Default.ValidateJson));
        }
        else
        {
            foreach (var d in diagnostics)
            {
                context.Stdout.WriteLine(context.Color ? Colored(d) : d.ToString());
            }

            var line = summary.ToString();
            context.Stdout.WriteLine(context.Color ? $"\u001b[1m{line}\u001b[0m" : line);
            if (checkedFiles.Count == 0)
            {
                context.Stderr.WriteLine($"mcpsaas validate: no mcp.yaml or mcp.yml found under {string.Join(", ", given)}");
            }
        }

        return summary.Errors > 0 ? ExitCodes.Failed : ExitCodes.Ok;
    }

    private static string Relative(string root, string file) => Path.GetRelativePath(root, file).Replace('\\', '/');

    private static string Colored(Diagnostic d)
    {
        var text = d.ToString();
        var severity = d.IsError ? "error" : "warning";
        var color = d.IsError ? "\u001b[1;31m" : "\u001b[1;33m";
        var at = text.IndexOf($": {severity} ", StringComparison.Ordinal);
        return at < 0
            ? text
            : $"\u001b[1m{text[..at]}\u001b[0m: {color}{severity}\u001b[0m{text[(at + 2 + severity.Length)..]}";
    }
}
