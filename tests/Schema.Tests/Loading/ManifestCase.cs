using System.Text;
using McpSaas.Schema.Collections;
using McpSaas.Schema.Loading;
using McpSaas.Schema.Plans;

namespace McpSaas.Schema.Tests.Loading;

/// <summary>
/// A golden case under <c>tests/Schema.Tests/Cases</c>: a manifest file whose comments say what the loader must
/// report (<c># expect: MCP104 11:12</c>, one line per diagnostic, or <c># expect: valid</c>) and with which
/// options (<c># options: entitlement=free local allowInternal extraHosts=a,b</c>).
/// </summary>
internal sealed record ManifestCase(string Name, string RelativePath, byte[] Content, IReadOnlyList<string> Expected, ManifestLoadOptions Options)
{
    public static string Folder => Path.Combine(TestRepo.Root, "tests", "Schema.Tests", "Cases");

    public static IEnumerable<ManifestCase> All(string kind) =>
        Directory.GetFiles(Path.Combine(Folder, kind), "*.yaml").Order(StringComparer.Ordinal).Select(Read);

    public static ManifestCase Read(string file)
    {
        var bytes = File.ReadAllBytes(file);
        var text = Encoding.UTF8.GetString(bytes);
        var expected = new List<string>();
        var options = ManifestLoadOptions.Default;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.StartsWith("# expect:", StringComparison.Ordinal))
            {
                var value = line["# expect:".Length..].Trim();
                if (value != "valid")
                {
                    expected.Add(value);
                }
            }
            else if (line.StartsWith("# options:", StringComparison.Ordinal))
            {
                foreach (var option in line["# options:".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    var (key, value) = option.Split('=', 2) is [var k, var v] ? (k, v) : (option, "");
                    options = key switch
                    {
                        "entitlement" => options with { Entitlement = PlanTierNames.TryParse(value, out var t) ? t : throw new InvalidDataException(option) },
                        "local" => options with { LocalMode = true },
                        "allowInternal" => options with { AllowInternalTools = true },
                        "extraHosts" => options with { ExtraApiHosts = value.Split(',').ToValueArray() },
                        _ => throw new InvalidDataException($"{file}: unknown option '{option}'"),
                    };
                }
            }
        }

        var relative = Path.GetRelativePath(Folder, file).Replace('\\', '/');
        return new ManifestCase(Path.GetFileNameWithoutExtension(file), relative, bytes, expected, options);
    }

    /// <summary>Loads the case as a one-file repository (so duplicate names across documents are checked too).</summary>
    public ManifestLoadResult Load()
    {
        var file = ManifestSet.Check([ManifestLoader.Load(RelativePath, Content, Options)]).Single();
        return new ManifestLoadResult(file, [.. file.AllDiagnostics.Select(d => $"{d.Code} {d.Line}:{d.Column}")]);
    }
}
