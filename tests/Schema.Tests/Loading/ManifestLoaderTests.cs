using System.Diagnostics;
using System.Text;
using McpSaas.Schema.Collections;
using McpSaas.Schema.Diagnostics;
using McpSaas.Schema.Loading;
using McpSaas.Schema.Manifests;
using McpSaas.Schema.Plans;

namespace McpSaas.Schema.Tests.Loading;

public sealed class ManifestLoaderTests
{
    private const string Slack = """
        apiVersion: mcpsaas.dev/v1
        kind: McpServer
        metadata:
          name: team-tools
          description: Slack for the team
          labels: { team: platform, env: prod }
        spec:
          plan: pro
          suspended: true
          tools:
            - use: slack
              with: { readOnly: true, channels: [C0456], teamId: T0123 }
              secrets: { botToken: slack-bot }
            - use: github
              as: gh
              secrets: { token: gh-readonly }
          access:
            rateLimitPerMinute: 30

        """;

    public static TheoryData<byte[], string, int, int> ByteLevelCases() => new()
    {
        { [0x61, 0x3A, 0x20, 0xFF, 0xFE, 0x0A], DiagnosticCodes.NotUtf8, 1, 4 },
        { [.. "a: 1\nb: "u8, 0xC3, 0x28], DiagnosticCodes.NotUtf8, 2, 4 },
        { [0xFF, 0xFE, 0x61, 0x00], DiagnosticCodes.NotUtf8, 1, 1 },
        { [.. "a: 1\nbb: x"u8, 0x00, .. "y\n"u8], DiagnosticCodes.NulByte, 2, 6 },
        { [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00], DiagnosticCodes.NotUtf8, 1, 1 },
        { [0x1F, 0x8B, 0x08, 0x00], DiagnosticCodes.NotUtf8, 1, 2 },
    };

    [Theory]
    [MemberData(nameof(ByteLevelCases))]
    public void Load_ReportsBinaryInput_AtTheOffendingByte(byte[] bytes, string code, int line, int column)
    {
        var file = ManifestLoader.Load("bin/mcp.yaml", bytes);

        var d = Assert.Single(file.AllDiagnostics);
        Assert.True(file.ParseFailed);
        Assert.Equal((code, line, column), (d.Code, d.Line, d.Column));
    }

    [Fact]
    public void Load_RefusesFilesOverOneMebibyte_Fast()
    {
        var big = Encoding.UTF8.GetBytes("a: " + new string('x', ManifestLoader.MaxFileBytes) + "\n");
        var clock = Stopwatch.StartNew();

        var file = ManifestLoader.Load("big/mcp.yaml", big);

        var d = Assert.Single(file.AllDiagnostics);
        Assert.Equal((DiagnosticCodes.TooLarge, 1, 1), (d.Code, d.Line, d.Column));
        Assert.True(clock.ElapsedMilliseconds < 500);
        Assert.Equal(d, ManifestLoader.TooLarge("big/mcp.yaml", big.Length).FileDiagnostics.Single());
    }

    [Fact]
    public void Load_ExactlyOneMebibyte_IsParsed()
    {
        var text = "# " + new string('x', ManifestLoader.MaxFileBytes - 3) + "\n";

        var file = ManifestLoader.Load("edge/mcp.yaml", text);

        Assert.False(file.ParseFailed);
        Assert.Empty(file.Documents);
    }

    [Fact]
    public void Load_StopsAliasBombs_Quickly()
    {
        var bomb = new StringBuilder("a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (var i = 1; i < 10; i++)
        {
            var prev = (char)('a' + i - 1);
            bomb.Append(CultureInfo(prev, (char)('a' + i)));
        }

        var clock = Stopwatch.StartNew();
        var file = ManifestLoader.Load("bomb/mcp.yaml", bomb.ToString());

        Assert.Contains(file.AllDiagnostics, d => d.Code == DiagnosticCodes.AliasExpansion);
        Assert.True(clock.ElapsedMilliseconds < 1_000, $"took {clock.ElapsedMilliseconds} ms");

        static string CultureInfo(char prev, char name) =>
            $"{name}: &{name} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n";
    }

    [Fact]
    public void Load_DeepNesting_IsADiagnostic_NotAStackOverflow()
    {
        var deep = "a: " + new string('[', 100_000) + new string(']', 100_000) + "\n";

        var file = ManifestLoader.Load("deep/mcp.yaml", deep);

        Assert.Contains(file.AllDiagnostics, d => d.Code == DiagnosticCodes.TooDeep);
    }

    public static TheoryData<string, int, int> MebibyteOfNesting() => new()
    {
        { "brackets", 1, 67 },
        { "braces", 1, 67 },
        { "mixed", 1, 67 },
        { "block mappings", 65, 65 },
        { "block sequences", 1, 129 },
    };

    [Theory]
    [MemberData(nameof(MebibyteOfNesting))]
    public void Load_OneMebibyteOfNesting_StopsAtTheFirstDepthError_InWellUnderASecond(string kind, int line, int column)
    {
        var text = new StringBuilder(ManifestLoader.MaxFileBytes);
        var (head, unit) = kind switch
        {
            "brackets" => ("a: ", "["),
            "braces" => ("a: ", "{"),
            "mixed" => ("a: ", "[{"),
            "block sequences" => ("", "- "),
            _ => ("", ""),
        };
        text.Append(head);
        for (var depth = 0; text.Length < ManifestLoader.MaxFileBytes - 2048; depth++)
        {
            text.Append(kind == "block mappings" ? new string(' ', depth) + "a:\n" : unit);
        }

        var bytes = Encoding.UTF8.GetBytes(text.ToString());
        Assert.InRange(bytes.Length, ManifestLoader.MaxFileBytes - 4096, ManifestLoader.MaxFileBytes);
        _ = ManifestLoader.Load("warm-up/mcp.yaml", "a: [[1]]\n");

        var clock = Stopwatch.StartNew();
        var file = ManifestLoader.Load("deep/mcp.yaml", bytes);
        clock.Stop();

        var d = Assert.Single(file.AllDiagnostics);
        Assert.True(file.ParseFailed);
        Assert.Equal((DiagnosticCodes.TooDeep, line, column), (d.Code, d.Line, d.Column));
        Assert.StartsWith("nesting deeper than 64 levels", d.Message, StringComparison.Ordinal);
        Assert.True(clock.ElapsedMilliseconds < 1_000, $"took {clock.ElapsedMilliseconds} ms");
    }

    [Fact]
    public void Load_TooDeep_StopsTheWholeFile_ItsOtherDocumentsAreKeptAsTheyWere()
    {
        var deep = Slack + "---\n" + "a: " + new string('[', 70) + new string(']', 70) + "\n---\n" + Slack.Replace("team-tools", "other", StringComparison.Ordinal);

        var file = ManifestLoader.Load("deep/mcp.yaml", deep);

        Assert.True(file.ParseFailed);
        Assert.Empty(file.Documents);
        Assert.Equal([(DiagnosticCodes.TooDeep, 20, 67)], file.AllDiagnostics.Select(d => (d.Code, d.Line, d.Column)));
    }

    [Fact]
    public void Load_MoreThanFiveThousandNodes_IsMcp009_AtTheFirstNodePastTheLimit_AndStopsReading()
    {
        var many = new StringBuilder("a:\n");
        while (many.Length < ManifestLoader.MaxFileBytes - 16)
        {
            many.Append("  - x\n");
        }

        var file = ManifestLoader.Load("many/mcp.yaml", many.ToString());

        var d = Assert.Single(file.AllDiagnostics);
        Assert.True(file.ParseFailed);
        Assert.Equal((DiagnosticCodes.TooManyNodes, 4_999, 5), (d.Code, d.Line, d.Column));
        Assert.Equal("more than 5,000 YAML nodes in one file (a manifest needs a few hundred): the file is not read further; split it into several files", d.Message);
    }

    [Fact]
    public void Load_JustUnderTheNodeLimit_IsCheckedAsUsual()
    {
        var labels = string.Concat(Enumerable.Range(0, 2_400).Select(i => $"    l{i}: v\n"));
        var yaml = Slack.Replace("  labels: { team: platform, env: prod }\n", "  labels:\n" + labels, StringComparison.Ordinal);

        var file = ManifestLoader.Load("labels/mcp.yaml", yaml);

        Assert.Empty(file.AllDiagnostics);
        Assert.Equal(2_400, Assert.Single(file.Documents).Server!.Labels.Count);
    }

    [Fact]
    public void Load_ManyUnknownAndDuplicateKeys_ReportsEachAtItsFirstOccurrence()
    {
        var keys = string.Concat(Enumerable.Range(0, 12).Select(i => $"  k{i}: v\n")) + "  k3: again\n";
        var yaml = Slack.Replace("  labels: { team: platform, env: prod }\n", keys, StringComparison.Ordinal);

        var file = ManifestLoader.Load("keys/mcp.yaml", yaml);

        var unknown = file.AllDiagnostics.Where(d => d.Code == DiagnosticCodes.UnknownField).ToList();
        Assert.Equal(12, unknown.Count);
        var k3 = unknown.Single(d => d.DocPath == "metadata.k3");
        var duplicate = file.AllDiagnostics.Single(d => d.Code == DiagnosticCodes.DuplicateKey);
        Assert.Equal((9, 3), (k3.Line, k3.Column));
        Assert.Equal((18, 3), (duplicate.Line, duplicate.Column));
    }

    [Fact]
    public void Load_BuildsTheTypedModel_WithCanonicalSettingsAndSortedCollections()
    {
        var file = ManifestLoader.Load("team/mcp.yaml", Slack);

        var doc = Assert.Single(file.Documents);
        Assert.Empty(file.AllDiagnostics);
        Assert.Equal(new ServerManifest
        {
            Name = "team-tools",
            Description = "Slack for the team",
            Labels = ValueArray.Create(KeyValuePair.Create("env", "prod"), KeyValuePair.Create("team", "platform")),
            Plan = PlanTier.Pro,
            Suspended = true,
            Tools = ValueArray.Create(
                new ToolUse { Use = "slack", SettingsJson = """{"channels":["C0456"],"readOnly":true,"teamId":"T0123"}""", Secrets = ValueArray.Create(new SecretBinding("botToken", "slack-bot")) },
                new ToolUse { Use = "github", As = "gh", SettingsJson = "{}", Secrets = ValueArray.Create(new SecretBinding("token", "gh-readonly")) }),
            RateLimitPerMinute = 30,
        }, doc.Server);
        Assert.Equal(("team-tools", 4, 9), (doc.Name, doc.NameLine, doc.NameColumn));
        Assert.Equal("gh", doc.Server!.Tools[1].Alias);
    }

    [Fact]
    public void Load_EqualText_GivesEqualResults()
    {
        Assert.Equal(ManifestLoader.Load("a/mcp.yaml", Slack), ManifestLoader.Load("a/mcp.yaml", Slack));
    }

    [Fact]
    public void Load_CrLfAndByteOrderMark_AreAccepted()
    {
        var bytes = (byte[])[0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(Slack.Replace("\n", "\r\n", StringComparison.Ordinal))];

        var file = ManifestLoader.Load("crlf/mcp.yaml", bytes);

        Assert.Empty(file.AllDiagnostics);
        Assert.Equal(4, file.Documents[0].NameLine);
    }

    [Fact]
    public void Load_InvalidDocument_StillNamesItsServer_AndHasNoModel()
    {
        var file = ManifestLoader.Load("x/mcp.yaml", Slack.Replace("plan: pro", "plan: gold", StringComparison.Ordinal));

        var doc = Assert.Single(file.Documents);
        Assert.Equal("team-tools", doc.Name);
        Assert.Null(doc.Server);
        Assert.False(doc.IsValid);
    }

    [Fact]
    public void Load_SyntaxErrorAfterAGoodDocument_FailsTheWholeFile()
    {
        var file = ManifestLoader.Load("x/mcp.yaml", Slack + "---\nkey: [unclosed\n");

        Assert.True(file.ParseFailed);
        Assert.Empty(file.Documents);
        Assert.Equal(DiagnosticCodes.Syntax, Assert.Single(file.FileDiagnostics).Code);
    }

    [Fact]
    public void Load_CollectsEveryErrorOfEveryDocument()
    {
        var bad = Slack.Replace("plan: pro", "plan: gold", StringComparison.Ordinal).Replace("use: github", "use: gitlab", StringComparison.Ordinal);

        var file = ManifestLoader.Load("x/mcp.yaml", bad + "---\n" + bad.Replace("team-tools", "other", StringComparison.Ordinal));

        Assert.Equal(2, file.Documents.Count);
        Assert.Equal(4, file.AllDiagnostics.Count());
        Assert.Equal([0, 1], file.Documents.Select(d => d.Index));
    }

    public static TheoryData<string, ManifestLoadOptions, string?> OptionCases() => new()
    {
        { "plan: pro", new ManifestLoadOptions { Entitlement = PlanTier.Free }, DiagnosticCodes.PlanAboveEntitlement },
        { "plan: pro", new ManifestLoadOptions { Entitlement = PlanTier.Pro }, null },
        { "plan: enterprise", new ManifestLoadOptions { LocalMode = true }, null },
        { "plan: pro", new ManifestLoadOptions { PlanLimits = ValueArray.Create(PlanLimits.Pro with { ToolsPerServer = 1 }) }, DiagnosticCodes.TooManyTools },
        { "plan: pro", new ManifestLoadOptions { PlanLimits = ValueArray.Create(PlanLimits.Pro with { CallsPerMinute = 10 }) }, DiagnosticCodes.RateLimitAbovePlan },
        { "plan: pro\n  # x", ManifestLoadOptions.Default, null },
    };

    [Theory]
    [MemberData(nameof(OptionCases))]
    public void Options_ChangeThePlanChecks(string plan, ManifestLoadOptions options, string? code)
    {
        var file = ManifestLoader.Load("o/mcp.yaml", Slack.Replace("plan: pro", plan, StringComparison.Ordinal), options);

        Assert.Equal(code is null ? [] : [code], file.AllDiagnostics.Select(d => d.Code));
    }

    [Fact]
    public void OnlyPlanLimitErrors_KeepTheModelAsWritten_NeverAsDeployable()
    {
        var overPlan = ManifestLoader.Load("o/mcp.yaml", Slack, new ManifestLoadOptions { Entitlement = PlanTier.Free });
        var valid = ManifestLoader.Load("o/mcp.yaml", Slack, new ManifestLoadOptions { Entitlement = PlanTier.Pro });
        var broken = ManifestLoader.Load("o/mcp.yaml", Slack.Replace("use: github", "use: gitlab", StringComparison.Ordinal), new ManifestLoadOptions { Entitlement = PlanTier.Free });
        var duplicate = ManifestSet.Check([overPlan, overPlan with { Path = "p/mcp.yaml" }]);

        var doc = Assert.Single(overPlan.Documents);
        Assert.Null(doc.Server);
        Assert.False(doc.IsValid);
        Assert.Equal(["slack", "github"], doc.Written!.Tools.Select(t => t.Use));
        Assert.Equal(valid.Documents[0].Server, valid.Documents[0].Written);
        Assert.Null(broken.Documents[0].Written); // MCP104 besides MCP304: not modelled
        Assert.All(duplicate.SelectMany(f => f.Documents), d => Assert.Null(d.Written));
    }

    [Fact]
    public void PlanAboveEntitlement_SaysWhichLimitAndHowToLiftIt()
    {
        var file = ManifestLoader.Load("o/mcp.yaml", Slack, new ManifestLoadOptions { Entitlement = PlanTier.Free });

        var d = Assert.Single(file.AllDiagnostics);
        Assert.Equal("o/mcp.yaml:8:9: error MCP304: spec.plan: plan 'pro' is above the org's entitlement 'free': lower `spec.plan` to 'free', or have the org upgraded to 'pro' (an operator runs `mcpsaas admin plan ORG pro`)", d.ToString());
    }

    [Fact]
    public void ApiBaseUrl_OnAnExtraHostWithPort_IsAccepted_OnlyWhenThePortMatches()
    {
        var yaml = Slack.Replace("with: { readOnly: true, channels: [C0456], teamId: T0123 }", "with: { apiBaseUrl: \"https://slack.internal:8443/api\" }", StringComparison.Ordinal);

        Assert.Empty(ManifestLoader.Load("h/mcp.yaml", yaml, new ManifestLoadOptions { ExtraApiHosts = ValueArray.Create("slack.internal:8443") }).AllDiagnostics);
        Assert.Equal(DiagnosticCodes.ApiHostNotAllowed, ManifestLoader.Load("h/mcp.yaml", yaml, new ManifestLoadOptions { ExtraApiHosts = ValueArray.Create("slack.internal") }).AllDiagnostics.Single().Code);
        Assert.Empty(ManifestLoader.Load("h/mcp.yaml", yaml, new ManifestLoadOptions { LocalMode = true }).AllDiagnostics);
    }

    public static TheoryData<string, bool, string?> PlainHttpCases() => new()
    {
        { "https://slack.com/api", false, null },
        { "http://slack.com/api", false, DiagnosticCodes.ApiBaseUrlNotHttps },
        { "http://127.0.0.1:8787/api", false, DiagnosticCodes.ApiBaseUrlNotHttps },
        { "http://127.0.0.1:8787/api", true, null },
        { "http://127.200.1.1/api", true, null },
        { "http://localhost:8787/api", true, null },
        { "http://LOCALHOST./api", true, null },
        { "http://[::1]:8787/api", true, null },
        { "http://example.com/api", true, DiagnosticCodes.ApiBaseUrlNotHttps },
        { "http://10.0.0.1/api", true, DiagnosticCodes.ApiBaseUrlNotHttps },
        { "http://[::2]/api", true, DiagnosticCodes.ApiBaseUrlNotHttps },
        { "http://localhost.example.com/api", true, DiagnosticCodes.ApiBaseUrlNotHttps },
        { "http://127.0.0.1.nip.io/api", true, DiagnosticCodes.ApiBaseUrlNotHttps },
        { "https://example.com/api", true, null },
    };

    [Theory]
    [MemberData(nameof(PlainHttpCases))]
    public void ApiBaseUrl_PlainHttp_IsRefused_ExceptToLoopbackInLocalMode(string url, bool localMode, string? code)
    {
        var yaml = Slack.Replace("with: { readOnly: true, channels: [C0456], teamId: T0123 }", $"with: {{ apiBaseUrl: \"{url}\" }}", StringComparison.Ordinal);

        var file = ManifestLoader.Load("h/mcp.yaml", yaml, new ManifestLoadOptions { LocalMode = localMode, ExtraApiHosts = ValueArray.Create("127.0.0.1:8787") });

        Assert.Equal(code is null ? [] : [code], file.AllDiagnostics.Select(d => d.Code));
        Assert.All(file.AllDiagnostics, d => Assert.Equal((12, 27), (d.Line, d.Column)));
    }

    [Fact]
    public void ManifestSet_ReportsDuplicateNames_AcrossFiles_OnEveryLocation()
    {
        var a = ManifestLoader.Load("a/mcp.yaml", Slack);
        var b = ManifestLoader.Load("b/mcp.yml", "# other\n" + Slack);
        var c = ManifestLoader.Load("c/mcp.yaml", Slack.Replace("team-tools", "unique", StringComparison.Ordinal));

        var files = ManifestSet.Check([a, b, c]);

        Assert.Equal(
            ["a/mcp.yaml:4:9: error MCP120: metadata.name: server name 'team-tools' is also declared at b/mcp.yml:5:9: server names are unique within a repository",
             "b/mcp.yml:5:9: error MCP120: metadata.name: server name 'team-tools' is also declared at a/mcp.yaml:4:9: server names are unique within a repository"],
            files.SelectMany(f => f.AllDiagnostics).Select(d => d.ToString()));
        Assert.Null(files[0].Documents[0].Server);
        Assert.NotNull(files[2].Documents[0].Server);
    }

    [Fact]
    public void Cache_LoadsEachContentOnce_PerOptions_AndRebasesPaths()
    {
        var cache = new ManifestCache();
        var bytes = Encoding.UTF8.GetBytes(Slack.Replace("plan: pro", "plan: gold", StringComparison.Ordinal));

        var first = cache.GetOrLoad("a/mcp.yaml", bytes);
        var again = cache.GetOrLoad("a/mcp.yaml", bytes);
        var moved = cache.GetOrLoad("b/mcp.yaml", bytes);
        var other = cache.GetOrLoad("a/mcp.yaml", bytes, new ManifestLoadOptions { LocalMode = true });

        Assert.Same(first, again);
        Assert.Equal("b/mcp.yaml", moved.AllDiagnostics.Single().Path);
        Assert.Equal((2L, 2L), (cache.Hits, cache.Misses - 0));
        Assert.Equal(first.AllDiagnostics.Single().Message, other.AllDiagnostics.Single().Message);
    }

    [Fact]
    public void Cache_BlobId_IsGitsBlobId()
    {
        // `printf 'hello\n' | git hash-object --stdin`
        Assert.Equal("ce013625030ba8dba906f756967f9e9ca394464a", ManifestCache.BlobId("hello\n"u8));
    }

    [Fact]
    public void Cache_IsBounded()
    {
        var cache = new ManifestCache(capacity: 3);
        for (var i = 0; i < 10; i++)
        {
            cache.GetOrLoad($"k{i}", "x/mcp.yaml", Encoding.UTF8.GetBytes($"a: {i}\n"));
        }

        Assert.True(cache.Count <= 3);
    }

    [Theory]
    [InlineData("ghp_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789")]
    [InlineData("xoxb-2001234567-9876543210-AbCdEfGhIjKlMnOp")]
    [InlineData("AKIAIOSFODNN7EXAMPLE")]
    public void CredentialLiterals_AreNeverEchoed_WhereverTheyAre(string secret)
    {
        string[] placements =
        [
            $"  description: {secret}\n",
            $"  labels: {{ {secret}: x }}\n",
            $"  labels: {{ x: {secret} }}\n",
            $"  {secret}: 1\n",
            $"  nme: {secret}\n",
        ];
        foreach (var placement in placements)
        {
            var yaml = Slack.Replace("  name: team-tools\n", "  name: team-tools\n" + placement, StringComparison.Ordinal)
                .Replace("botToken: slack-bot", $"botToken: {secret}", StringComparison.Ordinal)
                .Replace("teamId: T0123", $"teamId: {secret}", StringComparison.Ordinal)
                .Replace("use: github", $"use: {secret}", StringComparison.Ordinal)
                .Replace("plan: pro", $"plan: {secret}", StringComparison.Ordinal);

            var file = ManifestLoader.Load("s/mcp.yaml", yaml);

            Assert.NotEmpty(file.AllDiagnostics);
            Assert.All(file.AllDiagnostics, d => Assert.DoesNotContain(secret, d.ToString(), StringComparison.Ordinal));
            Assert.Contains(file.AllDiagnostics, d => d.Code is DiagnosticCodes.CredentialLiteral or DiagnosticCodes.SecretReferenceIsCredential);
        }
    }
}
