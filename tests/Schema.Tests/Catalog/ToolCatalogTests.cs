using System.Text.Json;
using System.Text.RegularExpressions;
using Json.Schema;
using McpSaas.Schema.Catalog;

namespace McpSaas.Schema.Tests.Catalog;

public sealed partial class ToolCatalogTests
{
    // Built once: a schema with an $id registers itself globally, and registering twice throws.
    private static readonly Lazy<JsonSchema> ToolSchema = new(() => JsonSchema.FromText(ToolCatalog.ToolJsonSchema()));

    public static TheoryData<string> EmbeddedSources()
    {
        var data = new TheoryData<string>();
        foreach (var (source, _) in ToolCatalog.EmbeddedJson())
        {
            data.Add(source);
        }

        return data;
    }

    [Fact]
    public void DefaultCatalog_Loads_EveryToolOfTheContract()
    {
        var ids = ToolCatalog.Default.Tools.Select(t => t.Id).ToArray();

        Assert.Equal(["conformance", "fetch", "github", "notion", "slack"], ids);
        Assert.True(ToolCatalog.Default["notion"].Premium);
        Assert.True(ToolCatalog.Default["conformance"].Internal);
        Assert.DoesNotContain(ToolCatalog.Default.PublicTools, t => t.Internal);
    }

    [Fact]
    public void DefaultCatalog_EmbedsEveryToolFolder_OnDisk()
    {
        var folders = Directory.GetDirectories(Path.Combine(RepoRoot(), "worker-runtime", "tools"))
            .Where(d => File.Exists(Path.Combine(d, "tool.json")))
            .Select(Path.GetFileName)
            .Order(StringComparer.Ordinal)
            .ToArray();

        Assert.Equal(folders, ToolCatalog.Default.Tools.Select(t => t.Id).ToArray());
    }

    [Theory]
    [MemberData(nameof(EmbeddedSources))]
    public void ToolJson_IsValid_AgainstToolSchema(string source)
    {
        var json = ToolCatalog.EmbeddedJson().Single(e => e.Source == source).Json;
        var result = ToolSchema.Value.Evaluate(JsonDocument.Parse(json).RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });

        var errors = (result.Details ?? []).Where(d => d.Errors is not null)
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"));
        Assert.True(result.IsValid, $"{source} is not valid against tool.schema.json:\n{string.Join('\n', errors)}");
    }

    [Theory]
    [MemberData(nameof(EmbeddedSources))]
    public void ToolJson_Id_MatchesItsFolder(string source)
    {
        var folder = source.Split('/')[1];
        var id = JsonDocument.Parse(ToolCatalog.EmbeddedJson().Single(e => e.Source == source).Json).RootElement.GetProperty("id").GetString();

        Assert.Equal(folder, id);
    }

    [Fact]
    public void McpToolNames_AreUniquePerTool_AndFollowTheMcpNameRules()
    {
        foreach (var tool in ToolCatalog.Default.Tools)
        {
            var names = tool.Tools.Select(t => t.Name).ToList();
            Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
            foreach (var name in names)
            {
                Assert.Matches(McpToolName(), name);
            }
        }
    }

    [Fact]
    public void McpToolNames_WithTheLongestAlias_StayWithinTheMcpNameRules()
    {
        // Aliases are at most 31 chars ([a-z][a-z0-9]{0,30}, as tool ids): prefixed names must still be valid.
        var alias = new string('a', 31);
        foreach (var tool in ToolCatalog.Default.Tools)
        {
            foreach (var mcpTool in tool.Tools)
            {
                Assert.Matches(McpToolName(), mcpTool.ExposedName(tool.Id, alias));
            }
        }
    }

    [Fact]
    public void Annotations_AreHonest_AboutWrites()
    {
        foreach (var tool in ToolCatalog.Default.Tools)
        {
            foreach (var mcpTool in tool.Tools)
            {
                Assert.True(mcpTool.Writes != mcpTool.Annotations.ReadOnlyHint, $"{tool.Id}/{mcpTool.Name}: readOnlyHint must be the opposite of writes");
                Assert.False(mcpTool.Annotations.DestructiveHint && !mcpTool.Writes, $"{tool.Id}/{mcpTool.Name}: a read-only tool cannot be destructive");
            }
        }
    }

    [Fact]
    public void SettingsAndInputSchemas_AreValidJsonSchema2020()
    {
        var meta = MetaSchemas.Draft202012;
        foreach (var tool in ToolCatalog.Default.Tools)
        {
            var schemas = tool.Tools.Select(t => (t.Name, t.InputSchemaJson)).Prepend(("settings", tool.SettingsSchemaJson));
            foreach (var (name, json) in schemas)
            {
                var result = meta.Evaluate(JsonDocument.Parse(json).RootElement);
                Assert.True(result.IsValid, $"{tool.Id}/{name}: not a valid 2020-12 schema");
                Assert.NotNull(JsonSchema.FromText(json));
            }
        }
    }

    [Fact]
    public void Catalog_MatchesTheManifestContract_Table()
    {
        var c = ToolCatalog.Default;
        Assert.Equal(
            ["slack_list_channels", "slack_post_message", "slack_reply_to_thread", "slack_add_reaction", "slack_get_channel_history", "slack_get_thread_replies", "slack_get_users", "slack_get_user_profile"],
            c["slack"].Tools.Select(t => t.Name));
        Assert.Equal(
            ["search_repositories", "get_file_contents", "list_commits", "list_issues", "get_issue", "search_code", "create_issue"],
            c["github"].Tools.Select(t => t.Name));
        Assert.Equal(["fetch"], c["fetch"].Tools.Select(t => t.Name));
        Assert.Equal(["notion_search", "notion_get_page", "notion_query_database", "notion_create_page"], c["notion"].Tools.Select(t => t.Name));

        Assert.Equal(["teamId", "channels", "readOnly", "apiBaseUrl"], c["slack"].SettingNames());
        Assert.Equal(["owners", "readOnly", "apiBaseUrl"], c["github"].SettingNames());
        Assert.Equal(["allowedHosts", "maxBytes"], c["fetch"].SettingNames());
        Assert.Equal(["readOnly", "apiBaseUrl"], c["notion"].SettingNames());

        Assert.Equal([("botToken", true)], c["slack"].Secrets.Select(s => (s.Name, s.Required)));
        Assert.Equal([("token", true)], c["github"].Secrets.Select(s => (s.Name, s.Required)));
        Assert.Equal([("token", true)], c["notion"].Secrets.Select(s => (s.Name, s.Required)));
        Assert.Empty(c["fetch"].Secrets);

        Assert.False(c["slack"].ReadOnlyDefault());
        Assert.True(c["github"].ReadOnlyDefault());
        Assert.True(c["notion"].ReadOnlyDefault());
        Assert.Equal(["slack_post_message", "slack_reply_to_thread", "slack_add_reaction"], c["slack"].Tools.Where(t => t.Writes).Select(t => t.Name));
        Assert.Equal(["create_issue"], c["github"].Tools.Where(t => t.Writes).Select(t => t.Name));
        Assert.Equal(["notion_create_page"], c["notion"].Tools.Where(t => t.Writes).Select(t => t.Name));
    }

    [Fact]
    public void ExposedName_IsPrefixed_OnlyWithAnAliasOtherThanTheId()
    {
        var search = ToolCatalog.Default["github"].Tools[0];

        Assert.Equal("search_repositories", search.ExposedName("github", null));
        Assert.Equal("search_repositories", search.ExposedName("github", "github"));
        Assert.Equal("gh_search_repositories", search.ExposedName("github", "gh"));
    }

    [Fact]
    public void ToolDefinitions_CompareByContent()
    {
        var again = ToolCatalog.FromJson(ToolCatalog.EmbeddedJson());

        Assert.Equal(ToolCatalog.Default["slack"], again["slack"]);
        Assert.NotEqual(ToolCatalog.Default["slack"], again["github"]);
    }

    [Fact]
    public void FromJson_Rejects_DuplicateIdsAndMalformedEntries()
    {
        var slack = ToolCatalog.EmbeddedJson().Single(e => e.Source.Contains("/slack/", StringComparison.Ordinal));

        var dup = Assert.Throws<InvalidDataException>(() => ToolCatalog.FromJson([slack, ("again.json", slack.Json)]));
        Assert.Contains("duplicate tool id 'slack'", dup.Message, StringComparison.Ordinal);
        var bad = Assert.Throws<InvalidDataException>(() => ToolCatalog.FromJson([("bad.json", "{\"id\": \"x\"}")]));
        Assert.Contains("bad.json", bad.Message, StringComparison.Ordinal);
    }

    internal static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "McpSaas.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("McpSaas.sln not found above the test folder");
    }

    [GeneratedRegex("^[A-Za-z0-9_.-]{1,128}$")]
    private static partial Regex McpToolName();
}
