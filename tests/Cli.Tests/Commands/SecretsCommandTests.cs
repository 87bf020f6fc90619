using System.Text.Json;
using McpSaas.Reconciler.Secrets;
using McpSaas.Reconciler.State.Sqlite;

namespace McpSaas.Cli.Tests.Commands;

public sealed class SecretsCommandTests : IDisposable
{
    private const string Value = "xoxb-123-456-topsecret";

    private readonly CliRun _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Set_ReadsStdin_DropsOneTrailingNewline_NeverEchoesTheValue()
    {
        var (exit, stdout, stderr) = await _cli.RunAsync(Value + "\n", "secrets", "set", "local", "slack-bot");

        Assert.Equal(0, exit);
        Assert.Equal("Secret 'slack-bot' set for org 'local' (version 1). Servers that use it pick it up at their next reconcile.\n", stdout);
        Assert.Equal("", stderr);
        Assert.Equal(Value, await RevealAsync("local", "examples", "slack-bot"));
    }

    [Fact]
    public async Task Set_WithRepo_ScopesIt_AndBumpsTheVersion()
    {
        await _cli.RunAsync("org-wide", "secrets", "set", "acme", "token");

        var (exit, stdout, _) = await _cli.RunAsync("tools-only\r\n", "secrets", "set", "acme", "token", "--repo", "tools");

        Assert.Equal(0, exit);
        Assert.Contains("set for repo 'acme/tools' (version 2)", stdout, StringComparison.Ordinal);
        Assert.Equal("tools-only", await RevealAsync("acme", "tools", "token"));
        Assert.Equal("org-wide", await RevealAsync("acme", "docs", "token"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n")]
    public async Task Set_EmptyValue_IsAUsageError_SayingHowToPassIt(string stdin)
    {
        var (exit, stdout, stderr) = await _cli.RunAsync(stdin, "secrets", "set", "local", "slack-bot");

        Assert.Equal(2, exit);
        Assert.Equal("", stdout);
        Assert.Contains("the value is empty: pass it on standard input", stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_cli.Data, "state.db")));
    }

    [Theory]
    [InlineData("local", "Bad_Name!", null, "is not a secret name")]
    [InlineData("not/an/org", "token", null, "is not an org name")]
    [InlineData("local", "token", "a b", "is not a repository name")]
    public async Task Set_BadNames_AreUsageErrors(string org, string name, string? repo, string expected)
    {
        string[] args = repo is null ? ["secrets", "set", org, name] : ["secrets", "set", org, name, "--repo", repo];

        var (exit, _, stderr) = await _cli.RunAsync("value", args);

        Assert.Equal(2, exit);
        Assert.Contains(expected, stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Set_WithABadConfiguredKey_FailsNamingTheSetting()
    {
        _cli.Environment["MCPSAAS_SECRETS_KEY"] = "short";

        var (exit, _, stderr) = await _cli.RunAsync(Value, "secrets", "set", "local", "token");

        Assert.Equal(1, exit);
        Assert.Contains("MCPSAAS_SECRETS_KEY must be the base64 encoding of exactly 32 random bytes", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(Value, stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Set_WithAKeyFileOthersCanRead_FailsWithTheChmodToRun()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        await _cli.RunAsync(Value, "secrets", "set", "local", "token");
        var keyFile = Path.Combine(_cli.Data, "secrets.key");
        File.SetUnixFileMode(keyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);

        var (exit, _, stderr) = await _cli.RunAsync(Value, "secrets", "set", "local", "token");

        Assert.Equal(1, exit);
        Assert.Contains($"run `chmod 600 {keyFile}`", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_ShowsNamesScopesVersions_NeverValues()
    {
        await _cli.RunAsync(Value, "secrets", "set", "acme", "slack-bot");
        _cli.Clock.Advance(TimeSpan.FromMinutes(5));
        await _cli.RunAsync(Value, "secrets", "set", "acme", "gh-token", "--repo", "tools");

        var (exit, stdout, _) = await _cli.RunAsync("", "secrets", "list", "acme");

        Assert.Equal(0, exit);
        Assert.Equal(
            """
            NAME       SCOPE       VERSION  UPDATED (UTC)
            gh-token   repo tools        1  2026-03-14 09:35:00
            slack-bot  org               1  2026-03-14 09:30:00

            """.ReplaceLineEndings("\n"),
            stdout);
        Assert.DoesNotContain(Value, stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListJson_HasTheDocumentedShape()
    {
        await _cli.RunAsync(Value, "secrets", "set", "acme", "slack-bot");
        await _cli.RunAsync(Value, "secrets", "set", "acme", "slack-bot", "--repo", "tools");

        var (exit, stdout, _) = await _cli.RunAsync("", "secrets", "list", "acme", "--json");

        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(stdout);
        Assert.Equal("acme", json.RootElement.GetProperty("org").GetString());
        var secrets = json.RootElement.GetProperty("secrets").EnumerateArray().ToList();
        Assert.Equal(
            [("slack-bot", "org", (string?)null, 1), ("slack-bot", "repo", "tools", 2)],
            secrets.Select(s => (s.GetProperty("name").GetString()!, s.GetProperty("scope").GetString()!, s.GetProperty("repo").GetString(), s.GetProperty("version").GetInt32())));
        Assert.Equal(CliRun.Start, secrets[0].GetProperty("updatedAt").GetDateTimeOffset());
        Assert.DoesNotContain(Value, stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_OnAFreshDataFolder_SaysHowToSetOne_AndCreatesNothing()
    {
        var (exit, stdout, _) = await _cli.RunAsync("", "secrets", "list", "local");
        var (jsonExit, json, _) = await _cli.RunAsync("", "secrets", "list", "local", "--json");

        Assert.Equal((0, 0), (exit, jsonExit));
        Assert.Contains("No secrets in org 'local'. Set one with: printf %s \"$VALUE\" | mcpsaas secrets set local NAME", stdout, StringComparison.Ordinal);
        Assert.Equal(0, JsonDocument.Parse(json).RootElement.GetProperty("secrets").GetArrayLength());
        Assert.False(Directory.Exists(_cli.Data));
    }

    [Fact]
    public async Task Rm_RemovesExactlyThatScope_AndAMissingOneFails()
    {
        await _cli.RunAsync("org", "secrets", "set", "acme", "token");
        await _cli.RunAsync("repo", "secrets", "set", "acme", "token", "--repo", "tools");

        var removed = await _cli.RunAsync("", "secrets", "rm", "acme", "token", "--repo", "tools");
        var again = await _cli.RunAsync("", "secrets", "rm", "acme", "token", "--repo", "tools");

        Assert.Equal(0, removed.Exit);
        Assert.Contains("Secret 'token' removed from repo 'acme/tools'", removed.Stdout, StringComparison.Ordinal);
        Assert.Equal(1, again.Exit);
        Assert.Contains("there is no secret 'token' for repo 'acme/tools'; `mcpsaas secrets list acme` shows what is set", again.Stderr, StringComparison.Ordinal);
        Assert.Equal("org", await RevealAsync("acme", "tools", "token"));
    }

    private async Task<string?> RevealAsync(string org, string repo, string name)
    {
        using var store = SqliteStateStore.ForDataDirectory(_cli.Data, _cli.Clock);
        var read = await new SecretStore(store, new SecretsKeySource(_cli.Data, null)).RevealAsync(org, repo, name, CancellationToken.None);
        return read.Value?.Reveal();
    }
}
