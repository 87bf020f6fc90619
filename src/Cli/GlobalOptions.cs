using System.CommandLine;
using System.CommandLine.Parsing;

namespace McpSaas.Cli;

/// <summary>Options every command accepts (one instance per command tree).</summary>
internal sealed class GlobalOptions
{
    public GlobalOptions()
    {
        Data.Validators.Add(ValidateData);
    }

    public Option<DirectoryInfo> Data { get; } = new("--data")
    {
        Description = "Data folder: state store, secrets key, local runtime files (default: .mcpsaas in the current folder).",
        DefaultValueFactory = _ => new DirectoryInfo(".mcpsaas"),
        Recursive = true,
    };

    /// <summary>
    /// A data folder that is a file, or that would have to be created under one, is a usage error at parse time
    /// (before any command creates or opens anything), not an I/O exception half-way through a command.
    /// </summary>
    private static void ValidateData(OptionResult result)
    {
        // The text as given (never converted here: a value that does not convert is the parser's own error).
        var given = result.Tokens.Count > 0 ? result.Tokens[^1].Value : ".mcpsaas";
        if (string.IsNullOrWhiteSpace(given))
        {
            result.AddError("--data is empty: pass a folder (it is created when missing)");
            return;
        }

        var full = Path.GetFullPath(given);
        for (var path = full; !string.IsNullOrEmpty(path); path = Path.GetDirectoryName(path))
        {
            if (Directory.Exists(path))
            {
                return;
            }

            if (File.Exists(path))
            {
                result.AddError(path == full
                    ? $"--data '{given}': '{path}' is a file, not a folder: pass a folder (it is created when missing)"
                    : $"--data '{given}' cannot be created: '{path}' is a file, not a folder");
                return;
            }
        }
    }
}
