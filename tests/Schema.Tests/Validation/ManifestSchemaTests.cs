using System.Text;
using System.Text.Json;
using Json.Schema;
using McpSaas.Schema.Catalog;
using McpSaas.Schema.Diagnostics;
using McpSaas.Schema.Loading;
using McpSaas.Schema.Tests.Loading;
using McpSaas.Schema.Validation;
using McpSaas.Schema.Yaml;

namespace McpSaas.Schema.Tests.Validation;

/// <summary>
/// The published schema (schemas/mcp.schema.json) is generated from the loader's own schema source; these tests keep
/// the committed file equal to it (rewrite with MCPSAAS_REGENERATE=1) and prove both agree on the examples.
/// </summary>
public sealed class ManifestSchemaTests
{
    /// <summary>Codes that come from the JSON Schema alone: a case with only these must fail the published schema too.</summary>
    private static readonly HashSet<string> SchemaCodes =
    [
        DiagnosticCodes.UnknownField, DiagnosticCodes.MissingField, DiagnosticCodes.UnknownTool, DiagnosticCodes.WrongType,
        DiagnosticCodes.ApiVersion, DiagnosticCodes.Kind, DiagnosticCodes.Name, DiagnosticCodes.DescriptionTooLong,
        DiagnosticCodes.UnknownPlan, DiagnosticCodes.NoTools, DiagnosticCodes.InvalidValue, DiagnosticCodes.InvalidAlias,
        DiagnosticCodes.InternalTool, DiagnosticCodes.UnknownSetting, DiagnosticCodes.InvalidSetting, DiagnosticCodes.MissingSetting,
        DiagnosticCodes.InvalidSecretReference, DiagnosticCodes.MissingSecret, DiagnosticCodes.UnknownSecret,
    ];

    private static readonly Lazy<JsonSchema> Published = new(() =>
        JsonSchema.FromText(File.ReadAllText(PublishedPath), new BuildOptions { SchemaRegistry = new SchemaRegistry() }));

    private static string PublishedPath => Path.Combine(TestRepo.Root, "schemas", "mcp.schema.json");

    [Fact]
    public void PublishedSchema_EqualsTheGeneratedOne()
    {
        var generated = ManifestSchema.PublishedJson();
        if (TestRepo.Regenerate)
        {
            File.WriteAllText(PublishedPath, generated);
        }

        Assert.True(File.Exists(PublishedPath), "schemas/mcp.schema.json is missing: run MCPSAAS_REGENERATE=1 ./scripts/test Schema.Tests");
        Assert.True(File.ReadAllText(PublishedPath) == generated,
            "schemas/mcp.schema.json is out of date with the validator's rules or the catalog: run MCPSAAS_REGENERATE=1 ./scripts/test Schema.Tests");
    }

    [Fact]
    public void PublishedSchema_IsValidDraft202012_AndFoldsInEveryPublicTool()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(PublishedPath));

        Assert.True(MetaSchemas.Draft202012.Evaluate(doc.RootElement).IsValid);
        var defs = doc.RootElement.GetProperty("$defs");
        foreach (var tool in ToolCatalog.Default.PublicTools)
        {
            Assert.True(defs.TryGetProperty($"settings-{tool.Id}", out _), tool.Id);
            Assert.True(defs.TryGetProperty($"secrets-{tool.Id}", out _), tool.Id);
        }

        Assert.False(defs.TryGetProperty("settings-conformance", out _));
        Assert.Equal(["fetch", "github", "notion", "slack"],
            defs.GetProperty("toolUse").GetProperty("properties").GetProperty("use").GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
    }

    public static TheoryData<string> ValidDocuments()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(TestRepo.Root, "examples"), "mcp.yaml", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(TestRepo.Root, file).Replace('\\', '/'));
        }

        foreach (var @case in ManifestCase.All("valid").Where(c => c.Options == ManifestLoadOptions.Default))
        {
            data.Add("tests/Schema.Tests/Cases/" + @case.RelativePath);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ValidDocuments))]
    public void ValidManifests_PassTheLoader_AndThePublishedSchema(string relative)
    {
        var bytes = File.ReadAllBytes(Path.Combine(TestRepo.Root, relative));

        var file = ManifestLoader.Load(relative, bytes);

        Assert.Empty(file.AllDiagnostics);
        foreach (var json in Documents(bytes))
        {
            Assert.True(Published.Value.Evaluate(json.RootElement).IsValid, $"{relative}: rejected by schemas/mcp.schema.json");
        }
    }

    public static TheoryData<string> SchemaLevelInvalidCases() =>
        [.. ManifestCase.All("invalid")
            .Where(c => c.Options == ManifestLoadOptions.Default && c.Expected.All(e => SchemaCodes.Contains(e.Split(' ')[0])))
            .Where(c => !System.Text.Encoding.UTF8.GetString(c.Content).Contains("# schema: valid", StringComparison.Ordinal))
            .Select(c => c.Name)];

    [Theory]
    [MemberData(nameof(SchemaLevelInvalidCases))]
    public void SchemaLevelInvalidManifests_FailThePublishedSchemaToo(string name)
    {
        var @case = ManifestCase.All("invalid").Single(c => c.Name == name);

        var documents = Documents(@case.Content).ToList();

        Assert.NotEmpty(documents);
        Assert.Contains(documents, d => !Published.Value.Evaluate(d.RootElement).IsValid);
    }

    [Fact]
    public void SchemaLevelInvalidCases_AreMany()
    {
        Assert.True(SchemaLevelInvalidCases().Count >= 25);
    }

    /// <summary>The JSON form of each non-empty document, as the loader sees it.</summary>
    private static IEnumerable<JsonDocument> Documents(byte[] bytes)
    {
        var stream = YamlTreeReader.Read(Encoding.UTF8.GetString(bytes));
        Assert.Null(stream.Error);
        foreach (var doc in stream.Documents.Where(d => d.Root is not null and not YScalar { Value.Length: 0 }))
        {
            var walk = DocumentWalker.Walk("x", doc.Root!);
            Assert.NotNull(walk.Json);
            yield return walk.Json;
        }
    }
}
