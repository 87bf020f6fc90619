using System.Text.RegularExpressions;

namespace McpSaas.Testing.Fakes.Cloudflare;

/// <summary>
/// The names an ES module exports, read from its text (the fake does not run code at upload): <c>export class X</c>,
/// <c>export { A, B as C }</c>, <c>export default</c>. Enough for the entry modules of worker-contract.md and hand-written tests.
/// </summary>
internal static partial class ModuleExports
{
    public static HashSet<string> Of(string source)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match m in ClassOrFunction().Matches(source))
        {
            names.Add(m.Groups[1].Value);
        }

        foreach (Match m in ExportList().Matches(source))
        {
            foreach (var item in m.Groups[1].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var parts = item.Split(" as ", StringSplitOptions.TrimEntries);
                names.Add(parts[^1]);
            }
        }

        if (DefaultExport().IsMatch(source))
        {
            names.Add("default");
        }

        return names;
    }

    [GeneratedRegex(@"\bexport\s+(?:async\s+)?(?:class|function\*?|const|let|var)\s+([A-Za-z_$][\w$]*)")]
    private static partial Regex ClassOrFunction();

    [GeneratedRegex(@"\bexport\s*\{([^}]*)\}")]
    private static partial Regex ExportList();

    [GeneratedRegex(@"\bexport\s+default\b")]
    private static partial Regex DefaultExport();
}
