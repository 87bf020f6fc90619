using System.CommandLine;

namespace McpSaas.Cli;

/// <summary>Options every command accepts (one instance per command tree).</summary>
internal sealed class GlobalOptions
{
    public Option<DirectoryInfo> Data { get; } = new("--data")
    {
        Description = "Data folder: state store, secrets key, local runtime files (default: .mcpsaas in the current folder).",
        DefaultValueFactory = _ => new DirectoryInfo(".mcpsaas"),
        Recursive = true,
    };
}
