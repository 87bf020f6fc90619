using System.Globalization;

namespace McpSaas.Cli.Commands;

/// <summary>The counts of one validate run; <see cref="ToString"/> is the summary line (<c>3 files, 5 servers, 2 errors</c>).</summary>
internal sealed record ValidateSummary(int Files, int Servers, int Errors, int Warnings)
{
    public override string ToString()
    {
        var text = $"{Count(Files, "file")}, {Count(Servers, "server")}, {Count(Errors, "error")}";
        return Warnings > 0 ? $"{text}, {Count(Warnings, "warning")}" : text;
    }

    private static string Count(int n, string noun) => string.Create(CultureInfo.InvariantCulture, $"{n} {noun}{(n == 1 ? "" : "s")}");
}
