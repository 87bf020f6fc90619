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
        if (result.GetValueOrDefault<DirectoryInfo>() is not { } data)
        {
            return;
        }

        for (var path = data.FullName; !string.IsNullOrEmpty(path); path = Path.GetDirectoryName(path))
        {
            if (Directory.Exists(path))
            {
                return;
            }

            if (File.Exists(path))
            {
                var given = result.Tokens.Count > 0 ? result.Tokens[0].Value : data.ToString();
                result.AddError(path == data.FullName
                    ? $"--data '{given}': '{path}' is a file, not a folder: pass a folder (it is created when missing)"
                    : $"--data '{given}' cannot be created: '{path}' is a file, not a folder");
                return;
            }
        }
    }
}
