using System.Net;
using System.Text.RegularExpressions;
using McpSaas.EndToEnd.Tests.Support;
using McpSaas.Testing.Fakes.GitHub;
using ModelContextProtocol.Protocol;

namespace McpSaas.EndToEnd.Tests;

/// <summary>
/// Dashboard edits as pull requests (issue #14), end to end: <c>serve</c> with sign-in against the fake GitHub, an admin
/// signed in through its OAuth pages, the builder's "open a pull request", the <c>pull_request</c> webhook GitHub then
/// sends, the McpSaas check run on the head, the merge and its push; and the fallback where the App may not write.
/// </summary>
public sealed partial class GitOpsServeTests
{
    private FakeUser Admin()
    {
        var alice = _github.AddUser("alice", 1001, "alice@example.com");
        _github.Grant(alice, _github.Installation(InstallationId)!);
        _github.SetMembership(alice, "acme", "admin");
        return alice;
    }

    /// <summary>The builder's form for a new server <c>newcomer</c> with the fetch tool, asking for a pull request to acme/tools.</summary>
    private List<KeyValuePair<string, string>> NewcomerForm() =>
    [
        new("name", "newcomer"),
        new("description", ""),
        new("plan", "enterprise"),
        new("rateLimitPerMinute", ""),
        new("tools", "fetch"),
        new("fetch.as", ""),
        new("fetch.with.allowedHosts", _stubs.HostPort),
        new("githubRepo", "acme/tools"),
        new("branch", ""),
        new("path", "newcomer/mcp.yaml"),
        new("action", "pull-request"),
    ];

    private string NewcomerYaml() => $"""
        # yaml-language-server: $schema=https://mcpsaas.dev/schemas/mcp.schema.json
        apiVersion: mcpsaas.dev/v1
        kind: McpServer
        metadata:
          name: newcomer
        spec:
          plan: enterprise
          tools:
            - use: fetch
              with:
                allowedHosts: ["{_stubs.HostPort}"]

        """;

    [Fact]
    public async Task Builder_OpensAPullRequest_CheckedByMcpSaas_NothingDeployedUntilMerged_ThenTheClientCallsIt()
    {
        _github.Installation(InstallationId)!.Permissions["contents"] = "write";
        Admin();
        _work.Write("team/mcp.yaml", Manifest("team"));
        var first = CommitAndPush("team server");
        await StartServeAsync(signIn: true);
        Assert.Equal(HttpStatusCode.Accepted, await InstalledAsync());
        Assert.Equal(HttpStatusCode.Accepted, await PushedAsync(first));
        await ServerStateAsync("acme/tools/team", s => s.GetProperty("state").GetString() == "ready", "the first deploy");
        Assert.Equal("success", (await CompletedCheckRunAsync(_github, first)).Conclusion);
        var deploys = await DeploysAsync();

        // The builder, signed in as an admin of acme: a valid manifest, and "Open a pull request with it".
        using var alice = await UiSession.SignInAsync(_host, "alice");
        var (status, html) = await alice.SubmitAsync("/orgs/acme/builder", "build", NewcomerForm());
        Assert.True(status == HttpStatusCode.OK && html.Contains("id=\"pull-request-opened\"", StringComparison.Ordinal), $"{status}\n{html}");

        // At the fake GitHub: one pull request by the App's bot, from a new branch holding exactly the manifest; main untouched.
        var pull = Assert.Single(_github.PullRequests);
        Assert.Equal(("Add MCP server newcomer", "main", "open", _github.Options.BotLogin), (pull.Title, pull.Base, pull.State, pull.Author));
        Assert.StartsWith("mcpsaas/new-server-newcomer-", pull.Head, StringComparison.Ordinal);
        Assert.Contains("@alice asked for this in the McpSaas dashboard", pull.Body, StringComparison.Ordinal);
        Assert.Contains($"href=\"{pull.HtmlUrl}\"", html, StringComparison.Ordinal);
        Assert.Equal(NewcomerYaml(), _repository.ReadFile($"refs/heads/{pull.Head}", "newcomer/mcp.yaml"));
        Assert.Equal(pull.HeadSha, _repository.Ref($"refs/heads/{pull.Head}"));
        Assert.Equal(first, _repository.Ref("refs/heads/main"));
        Assert.Null(_repository.ReadFile("refs/heads/main", "newcomer/mcp.yaml"));
        Assert.Equal(Manifest("team"), _repository.ReadFile($"refs/heads/{pull.Head}", "team/mcp.yaml"));

        // Audited once, as the person who asked.
        var audit = (await _cli.RunAsync("audit", "--org", "acme", "--json")).Stdout;
        Assert.Single(Regex.Matches(audit, "\"pull-request.open\""));
        Assert.Matches(@"""actor"":\s*""ui:alice"",\s*""action"":\s*""pull-request\.open""", audit);

        // GitHub tells McpSaas about the pull request it opened: the McpSaas check run on its head; nothing deployed.
        Assert.Equal(HttpStatusCode.Accepted, await DeliverAsync("pull_request", $$"""
            { "action": "opened", "number": {{pull.Number}},
              "pull_request": { "number": {{pull.Number}}, "head": { "sha": "{{pull.HeadSha}}", "ref": "{{pull.Head}}", "repo": {{RepositoryJson()}} },
                                "base": { "ref": "main", "repo": {{RepositoryJson()}} }, "user": { "login": "{{_github.Options.BotLogin}}" } },
              "repository": {{RepositoryJson()}}, "installation": { "id": {{InstallationId}} }, "sender": { "login": "{{_github.Options.BotLogin}}", "id": 1 } }
            """));
        var run = await CompletedCheckRunAsync(_github, pull.HeadSha);
        Assert.Equal(("McpSaas", "success"), (run.Name, run.Conclusion));
        Assert.Contains("newcomer", run.Summary, StringComparison.Ordinal);
        Assert.Equal(deploys, await DeploysAsync());
        Assert.Null(await ServerAsync("acme/tools/newcomer"));

        // Merged: the push to main deploys it, and a client calls its tool.
        var merged = _github.MergePullRequest(_repository, pull.Number);
        Assert.Equal(pull.HeadSha, merged);
        Assert.Equal(HttpStatusCode.Accepted, await PushedAsync(merged));
        var server = await ServerStateAsync("acme/tools/newcomer", s => s.GetProperty("state").GetString() == "ready", "the deploy of the merged pull request");
        var applied = (await _cli.RunAsync("audit", "--org", "acme")).Stdout;
        Assert.Single(Regex.Matches(applied, @"github:octocat\s+server\.create\s+acme\s+acme/tools/newcomer"));
        Assert.Single(Regex.Matches(applied, @"ui:alice\s+pull-request\.open\s+acme\s+acme/tools/newcomer"));
        var key = Mcp.KeyIn((await _cli.RunAsync("keys", "create", "acme/tools/newcomer", "--name", "ci")).Stdout);
        await using var client = await Mcp.ConnectAsync(server.GetProperty("url").GetString()!, key, CancellationToken.None);
        var page = await client.CallToolAsync("fetch", new Dictionary<string, object?> { ["url"] = new Uri(_stubs.BaseUrl, "docs/page").ToString() });
        Assert.Contains("Install guide", string.Concat(page.Content.OfType<TextContentBlock>().Select(t => t.Text)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Builder_WithoutContentsWrite_AttemptsNoPullRequest_OffersGitHubsOwnPage_AndSaysWhy()
    {
        Assert.Equal("read", _github.Installation(InstallationId)!.Permissions["contents"]);
        Admin();
        _work.Write("team/mcp.yaml", Manifest("team"));
        var first = CommitAndPush("team server");
        await StartServeAsync(signIn: true);
        Assert.Equal(HttpStatusCode.Accepted, await InstalledAsync());
        Assert.Equal(HttpStatusCode.Accepted, await PushedAsync(first));
        await ServerStateAsync("acme/tools/team", s => s.GetProperty("state").GetString() == "ready", "the first deploy");

        using var alice = await UiSession.SignInAsync(_host, "alice");
        var (status, html) = await alice.SubmitAsync("/orgs/acme/builder", "build", NewcomerForm());

        Assert.True(status == HttpStatusCode.OK && html.Contains("id=\"pull-request-fallback\"", StringComparison.Ordinal), $"{status}\n{html}");
        Assert.DoesNotContain("id=\"pull-request-opened\"", html, StringComparison.Ordinal);
        var notice = Regex.Match(html, "<div[^>]*id=\"pull-request-fallback\".*?</div>", RegexOptions.Singleline).Value;
        Assert.Contains("McpSaas cannot open the pull request itself", notice, StringComparison.Ordinal);
        Assert.Contains("Contents: read", notice, StringComparison.Ordinal);
        Assert.Contains("Contents: write", notice, StringComparison.Ordinal);
        var link = WebUtility.HtmlDecode(Regex.Match(notice, "<a[^>]*href=\"([^\"]*)\"[^>]*id=\"fallback-on-github\"").Groups[1].Value);
        Assert.StartsWith("https://github.com/acme/tools/new/main?filename=newcomer%2Fmcp.yaml&value=", link, StringComparison.Ordinal);
        Assert.Equal(NewcomerYaml(), Uri.UnescapeDataString(link[(link.IndexOf("&value=", StringComparison.Ordinal) + 7)..]));

        // No pull request was attempted: no branch, no file, no pull request asked of GitHub; nothing audited.
        Assert.Empty(_github.PullRequests);
        Assert.DoesNotContain(_github.Calls, c => c.Method != "GET" && (c.Path.Contains("/git/refs", StringComparison.Ordinal) || c.Path.Contains("/contents/", StringComparison.Ordinal) || c.Path.EndsWith("/pulls", StringComparison.Ordinal)));
        Assert.Equal(["main"], _repository.Branches());
        Assert.DoesNotContain("pull-request.open", (await _cli.RunAsync("audit", "--org", "acme")).Stdout, StringComparison.Ordinal);
    }
}
