using McpSaas.GitHub.Reporting;
using McpSaas.GitHub.Tests.Support;
using McpSaas.Schema.Loading;
using McpSaas.Schema.Plans;
using McpSaas.Reconciler.Jobs;
using McpSaas.Testing.Fakes.GitHub;
using Microsoft.Extensions.DependencyInjection;

namespace McpSaas.GitHub.Tests.Reporting;

/// <summary>
/// Reporting to GitHub end to end in-process (issue #12): real reconciles of a repository of the fake GitHub, the
/// reporter writing the outbox, the drainer posting to the fake, which refuses what GitHub refuses.
/// </summary>
public sealed class GitHubReportingTests : IAsyncLifetime
{
    private const string MainManifest = """
        apiVersion: mcpsaas.dev/v1
        kind: McpServer
        metadata:
          name: team
        spec:
          plan: free
          tools:
            - use: github
              secrets:
                token: gh-token
            - use: fetch
              with:
                allowedHosts: [docs.example.com]

        """;

    // Adds slack (write tools, and its secret is not set), removes fetch, renames github's tools with `as: gh`, and
    // has three tools where the free plan allows two.
    private const string PullRequestManifest = """
        apiVersion: mcpsaas.dev/v1
        kind: McpServer
        metadata:
          name: team
        spec:
          plan: free
          tools:
            - use: github
              as: gh
              secrets:
                token: gh-token
            - use: slack
              secrets:
                botToken: slack-bot
            - use: github
              as: upstream
              with:
                owners: [upstream-org]
              secrets:
                token: gh-token

        """;

    private ReportingHarness _h = null!;

    public async Task InitializeAsync() => _h = await ReportingHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task PullRequest_AddingWriteTools_RemovingOne_RenamingByAlias_OverTheFreePlan_WithAMissingSecret_GetsOneCheckRunSayingExactlyThat()
    {
        await _h.SetSecretAsync("gh-token", "ghp_seededSecretValue0123456789abcdefABCD");
        var applied = await _h.PushAsync(("team/mcp.yaml", MainManifest));
        Assert.True(applied.Applied, applied.Error?.Message);
        await _h.DrainAsync();
        var deploys = _h.Platform.Deploys;

        var (plan, head) = await _h.PullRequestAsync(7, ("team/mcp.yaml", PullRequestManifest));
        Assert.Equal(0, await _h.DrainAsync() - 2); // the check run and the comment

        Assert.Equal(deploys, _h.Platform.Deploys);
        var run = Assert.Single(_h.GitHub.CheckRuns, r => r.HeadSha == head);
        Assert.Equal(("McpSaas", "completed", "failure"), (run.Name, run.Status, run.Conclusion));
        Assert.Equal("1 manifest error · 1 server not deployable · No changes", run.Title);
        ReportingGolden.Matches("Golden/pull-request.check-run.md", run.Summary!.Replace(head[..7], "HEADSHA", StringComparison.Ordinal).Replace(applied.Revision[..7], "MAINSHA", StringComparison.Ordinal));

        // One annotation: the validator's MCP301 at its position.
        var expected = Assert.Single(ManifestLoader.Load("team/mcp.yaml", PullRequestManifest, new ManifestLoadOptions { Entitlement = PlanTier.Free }).AllDiagnostics);
        var annotation = Assert.Single(run.Annotations);
        Assert.Equal(("team/mcp.yaml", expected.Line, expected.Line, expected.Column, expected.Column, "failure", "MCP301"),
            (annotation.Path, annotation.StartLine, annotation.EndLine, annotation.StartColumn, annotation.EndColumn, annotation.Level, annotation.Title));
        Assert.Contains("spec.tools[2]: plan 'free' allows 2 tools per server", annotation.Message, StringComparison.Ordinal);

        var comment = Assert.Single(_h.GitHub.Comments);
        Assert.StartsWith(ReportMarkdown.CommentMarker, comment.Body, StringComparison.Ordinal);
        Assert.Contains("`upstream_search_repositories`", comment.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ThreeErrors_GiveThreeAnnotations_AtThePositionsTheValidatorReports()
    {
        const string Broken = """
            apiVersion: mcpsaas.dev/v1
            kind: McpServer
            metadata:
              name: team
            spec:
              plan: free
              tools:
                - use: slak
                - use: fetch
                  with:
                    allowedHosts: [docs.example.com]
                    maxBytes: -1
              access:
                rateLimitPerMinute: 0

            """;
        var expected = ManifestLoader.Load("servers/team/mcp.yaml", Broken, new ManifestLoadOptions { Entitlement = PlanTier.Free }).AllDiagnostics.ToList();
        Assert.Equal(3, expected.Count);

        var (_, head) = await _h.PullRequestAsync(3, ("servers/team/mcp.yaml", Broken));
        await _h.DrainAsync();

        var run = Assert.Single(_h.GitHub.CheckRuns);
        Assert.Equal(head, run.HeadSha);
        Assert.Equal(
            expected.Select(d => ("servers/team/mcp.yaml", d.Line, d.Line, (int?)d.Column, (int?)d.Column, "failure", d.Code)),
            run.Annotations.Select(a => (a.Path, a.StartLine, a.EndLine, a.StartColumn, a.EndColumn, a.Level, a.Title!)));
        Assert.Equal(expected.Select(d => $"{d.DocPath}: {d.Message}"), run.Annotations.Select(a => a.Message));
        Assert.Equal("3 manifest errors · 1 server not deployable · No changes", run.Title);
    }

    [Fact]
    public async Task SamePullRequestHead_LookedAtAgain_UpdatesTheSameCheckRunAndComment_ANewPushUpdatesTheComment_NoNewOnes()
    {
        await _h.SetSecretAsync("gh-token", "ghp_seededSecretValue0123456789abcdefABCD");
        await _h.PushAsync(("team/mcp.yaml", MainManifest));
        await _h.DrainAsync();
        var (_, first) = await _h.PullRequestAsync(7, ("team/mcp.yaml", MainManifest.Replace("docs.example.com", "api.example.com", StringComparison.Ordinal)));
        await _h.DrainAsync();
        var run = Assert.Single(_h.GitHub.CheckRuns, r => r.HeadSha == first);
        var comment = Assert.Single(_h.GitHub.Comments);
        Assert.Equal("success", run.Conclusion);

        // The same head again (a re-delivered synchronize, a retried job): nothing new is created.
        await _h.RunAsync(JobKind.Plan, first, "webhook:again", 7);
        await _h.DrainAsync();
        Assert.Equal(run.Id, Assert.Single(_h.GitHub.CheckRuns, r => r.HeadSha == first).Id);
        Assert.Equal(comment.Id, Assert.Single(_h.GitHub.Comments).Id);

        // A second push to the pull request: its head gets its check run (one per commit), the comment is edited in place.
        var (_, second) = await _h.PullRequestAsync(7, ("team/mcp.yaml", PullRequestManifest));
        await _h.DrainAsync();
        var edited = Assert.Single(_h.GitHub.Comments);
        Assert.Equal((comment.Id, 1), (edited.Id, edited.Edits));
        Assert.Contains(second[..7], edited.Body, StringComparison.Ordinal);
        Assert.Single(_h.GitHub.CheckRuns, r => r.HeadSha == first);
        Assert.Equal("failure", Assert.Single(_h.GitHub.CheckRuns, r => r.HeadSha == second).Conclusion);
        Assert.Single(_h.ReportingCalls(), c => c.Method == "POST" && c.Path.EndsWith("/comments", StringComparison.Ordinal));

        // The same commit once more, with a new outcome (the org was upgraded): the same check run is updated, its annotation not repeated.
        await _h.Store.SetEntitlementAsync("acme", PlanTier.Pro, McpSaas.Reconciler.State.PlanLimitOverrides.None, CancellationToken.None);
        await _h.RunAsync(JobKind.Plan, second, "webhook:upgraded", 7);
        await _h.DrainAsync();
        var rerun = Assert.Single(_h.GitHub.CheckRuns, r => r.HeadSha == second);
        Assert.Single(rerun.Annotations);
        Assert.True(rerun.Updates >= 2, $"updates: {rerun.Updates}");
        Assert.Equal(2, Assert.Single(_h.GitHub.Comments).Edits);
    }

    [Fact]
    public async Task StickyComment_IsFoundByItsMarker_WhenNotRemembered_OthersCommentsAreLeftAlone()
    {
        var (_, head) = await _h.PullRequestAsync(9, ("team/mcp.yaml", MainManifest.Replace("gh-token", "gh-other", StringComparison.Ordinal)));
        var human = _h.GitHub.AddComment(_h.Repository, 9, ReportMarkdown.CommentMarker + "\nquoted by a person");
        var earlier = _h.GitHub.AddComment(_h.Repository, 9, ReportMarkdown.CommentMarker + "\nan older plan", _h.GitHub.Options.BotLogin, "Bot");

        await _h.DrainAsync();

        Assert.Equal(2, _h.GitHub.Comments.Count);
        Assert.Equal(ReportMarkdown.CommentMarker + "\nquoted by a person", _h.GitHub.Comments.Single(c => c.Id == human.Id).Body);
        var sticky = _h.GitHub.Comments.Single(c => c.Id == earlier.Id);
        Assert.Equal(1, sticky.Edits);
        Assert.Contains(head[..7], sticky.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HugePlan_CommentAndSummary_AreCutBelowGitHubsLimits_WithANote()
    {
        await _h.Store.SetEntitlementAsync("acme", PlanTier.Enterprise, McpSaas.Reconciler.State.PlanLimitOverrides.None, CancellationToken.None);
        var manifests = string.Concat(Enumerable.Range(1, 40).Select(i => $$"""
            apiVersion: mcpsaas.dev/v1
            kind: McpServer
            metadata:
              name: server-with-a-rather-long-name-{{i:D3}}
            spec:
              plan: enterprise
              tools:
                - use: fetch
                  with:
                    allowedHosts: [docs.example.com]
            ---

            """));

        await _h.PullRequestAsync(11, [.. Enumerable.Range(0, 8).Select(f => ($"servers/{f}/mcp.yaml", manifests.Replace("-name-", $"-name-{f}-", StringComparison.Ordinal)))]);
        await _h.DrainAsync();

        var comment = Assert.Single(_h.GitHub.Comments).Body;
        Assert.True(comment.Length > 50_000, comment);
        Assert.InRange(comment.Length, 50_000, ReportMarkdown.MaxComment);
        Assert.Contains("✂️ **Cut here**", comment, StringComparison.Ordinal);
        Assert.EndsWith("</sub>\n", comment, StringComparison.Ordinal);
        Assert.Equal(0, comment.Split('\n').Count(l => l.StartsWith("```", StringComparison.Ordinal)) % 2);
        var summary = Assert.Single(_h.GitHub.CheckRuns).Summary!;
        Assert.InRange(summary.Length, 50_000, ReportMarkdown.MaxSummary);
        Assert.Contains("✂️ **Cut here**", summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DefaultBranchApply_PostsAStatusPerServer_NotAgainWhenUnchanged_AndADriftStatusWhenAPeriodicRunRestoresDrift()
    {
        await _h.Store.SetEntitlementAsync("acme", PlanTier.Pro, McpSaas.Reconciler.State.PlanLimitOverrides.None, CancellationToken.None);
        var applied = await _h.PushAsync(
            ("a/mcp.yaml", MainManifest.Replace("name: team", "name: alpha", StringComparison.Ordinal).Replace("gh-token", "gh-missing", StringComparison.Ordinal)),
            ("b/mcp.yaml", MainManifest.Replace("name: team", "name: beta", StringComparison.Ordinal).Replace("    - use: github\n      secrets:\n        token: gh-token\n", "", StringComparison.Ordinal)));
        await _h.DrainAsync();

        var sha = applied.Revision;
        var statuses = _h.GitHub.Statuses.Where(s => s.Sha == sha).ToDictionary(s => s.Context);
        Assert.Equal(["mcpsaas/alpha", "mcpsaas/beta"], statuses.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("pending", statuses["mcpsaas/alpha"].State);
        Assert.StartsWith("Waiting, kept as deployed: secret 'gh-missing' not set", statuses["mcpsaas/alpha"].Description, StringComparison.Ordinal);
        Assert.Equal(("success", "Ready: 1 MCP tool"), (statuses["mcpsaas/beta"].State, statuses["mcpsaas/beta"].Description));
        var checkRun = Assert.Single(_h.GitHub.CheckRuns);
        Assert.Equal(checkRun.HtmlUrl, statuses["mcpsaas/beta"].TargetUrl);
        Assert.All(_h.GitHub.Statuses, s => Assert.True(s.Description!.Length <= 140));

        // A periodic run of the same commit with nothing new: nothing posted at all.
        var calls = _h.ReportingCalls().Count;
        await _h.PeriodicAsync();
        await _h.DrainAsync();
        Assert.Equal(calls, _h.ReportingCalls().Count);

        // Changed behind McpSaas's back: the periodic run sets it back and says so on the default branch's latest commit.
        _h.Platform.Tamper(_h.Platform.Workers.Single().ScriptName);
        _h.Clock.Advance(TimeSpan.FromMinutes(5));
        var restored = await _h.PeriodicAsync();
        Assert.Contains(restored.Plan.Changes, c => c.Drifted);
        await _h.DrainAsync();
        var drift = Assert.Single(_h.GitHub.Statuses, s => s.Context == CommitStatuses.DriftContext);
        Assert.Equal((sha, "success"), (drift.Sha, drift.State));
        Assert.Equal("Drift restored 2026-03-14 09:35Z: beta changed outside McpSaas, set back", drift.Description);
        Assert.Single(_h.GitHub.CheckRuns);
    }

    [Fact]
    public async Task PublicBaseUrl_MakesStatusesLinkToTheServersPage()
    {
        await using var h = await ReportingHarness.StartAsync(PlanTier.Pro, o => o.PublicBaseUrl = "https://mcpsaas.example.com");
        var applied = await h.PushAsync(("b/mcp.yaml", MainManifest.Replace("name: team", "name: beta", StringComparison.Ordinal).Replace("    - use: github\n      secrets:\n        token: gh-token\n", "", StringComparison.Ordinal)));
        await h.DrainAsync();

        var status = Assert.Single(h.GitHub.Statuses);
        Assert.Equal(("mcpsaas/beta", "https://mcpsaas.example.com/orgs/acme/servers/tools/beta"), (status.Context, status.TargetUrl));
        Assert.Equal(applied.Revision, status.Sha);
    }

    [Fact]
    public async Task HundredTwentyServers_GetOneAggregateStatus_AndTheirAnnotationsInBatchesOfFifty()
    {
        await _h.Store.SetEntitlementAsync("acme", PlanTier.Enterprise, McpSaas.Reconciler.State.PlanLimitOverrides.None, CancellationToken.None);
        string Servers(string access) => string.Concat(Enumerable.Range(1, 120).Select(i => $$"""
            apiVersion: mcpsaas.dev/v1
            kind: McpServer
            metadata:
              name: s{{i:D3}}
            spec:
              plan: enterprise
              tools:
                - use: fetch
                  with:
                    allowedHosts: [docs.example.com]
              access:
                rateLimitPerMinute: {{access}}
            ---

            """));

        var good = await _h.PushAsync(("servers/mcp.yaml", Servers("30")));
        await _h.DrainAsync();
        Assert.Equal(120, _h.Platform.Deploys);
        var aggregate = Assert.Single(_h.GitHub.Statuses);
        Assert.Equal(("mcpsaas", "success", "120 servers: 120 ready", good.Revision), (aggregate.Context, aggregate.State, aggregate.Description, aggregate.Sha));

        var broken = await _h.PushAsync(("servers/mcp.yaml", Servers("0")));
        await _h.DrainAsync();

        var statuses = _h.GitHub.Statuses.Where(s => s.Sha == broken.Revision).ToList();
        Assert.Equal(("mcpsaas", "failure", "120 servers: 120 stalled"), (Assert.Single(statuses).Context, statuses[0].State, statuses[0].Description));
        var run = Assert.Single(_h.GitHub.CheckRuns, r => r.HeadSha == broken.Revision);
        Assert.Equal(120, run.Annotations.Count);
        var patches = _h.ReportingCalls().Where(c => c.Method == "PATCH" && c.Path.EndsWith($"/check-runs/{run.Id}", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, patches.Count); // ⌈120 / 50⌉
        Assert.All(patches, p => Assert.InRange(System.Text.Json.JsonDocument.Parse(p.Body!).RootElement.GetProperty("output").GetProperty("annotations").GetArrayLength(), 1, 50));
        Assert.Equal("completed", run.Status);
        Assert.Equal(120, _h.Platform.Deploys); // the broken commit deployed nothing
    }

    [Fact]
    public async Task GitHubDown_DuringAnApply_TheApplyCompletes_AndTheReportsArePostedLater()
    {
        _h.GitHub.ReportingDown = true;
        await _h.Store.SetEntitlementAsync("acme", PlanTier.Pro, McpSaas.Reconciler.State.PlanLimitOverrides.None, CancellationToken.None);

        var applied = await _h.PushAsync(("b/mcp.yaml", MainManifest.Replace("name: team", "name: beta", StringComparison.Ordinal).Replace("    - use: github\n      secrets:\n        token: gh-token\n", "", StringComparison.Ordinal)));

        Assert.True(applied.Applied);
        Assert.True(applied.Outcomes.Single().Succeeded);
        Assert.Equal(1, _h.Platform.Deploys);
        Assert.Equal(0, await _h.DrainAsync());
        Assert.Empty(_h.GitHub.CheckRuns);
        var paused = _h.Drainer.PausedUntil;
        Assert.Equal(ReportingHarness.Start + TimeSpan.FromSeconds(5), paused);
        Assert.NotEmpty(await _h.Store.ListReportsAsync(CancellationToken.None));

        // Still down: backing off (10 s next), nothing sent before the retry time.
        _h.Clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(0, await _h.DrainAsync());
        var calls = _h.ReportingCalls().Count;
        _h.Clock.Advance(TimeSpan.FromSeconds(9));
        Assert.Equal(0, await _h.DrainAsync());
        Assert.Equal(calls, _h.ReportingCalls().Count);

        _h.GitHub.ReportingDown = false;
        _h.Clock.Advance(TimeSpan.FromSeconds(1));
        var posted = await _h.DrainAsync();
        Assert.True(posted == 2, string.Join(", ", _h.ReportingCalls().Select(c => $"{c.Method} {c.Path} {c.Status}")));
        Assert.Equal("success", Assert.Single(_h.GitHub.CheckRuns).Conclusion);
        Assert.Equal("mcpsaas/beta", Assert.Single(_h.GitHub.Statuses).Context);
        Assert.Empty(await _h.Store.ListReportsAsync(CancellationToken.None));
    }

    [Fact]
    public async Task SecondaryRateLimit_WaitsRetryAfter_PrimaryLimit_WaitsForTheReset()
    {
        await _h.PullRequestAsync(5, ("team/mcp.yaml", MainManifest));
        _h.GitHub.InjectFault(FakeFault.SecondaryRateLimit(TimeSpan.FromSeconds(90)));

        Assert.Equal(0, await _h.DrainAsync());
        Assert.Equal(ReportingHarness.Start + TimeSpan.FromSeconds(90), _h.Drainer.PausedUntil);
        var calls = _h.ReportingCalls().Count;
        _h.Clock.Advance(TimeSpan.FromSeconds(89));
        Assert.Equal(0, await _h.DrainAsync());
        Assert.Equal(calls, _h.ReportingCalls().Count);

        var reset = ReportingHarness.Start + TimeSpan.FromMinutes(20);
        _h.GitHub.InjectFault(FakeFault.PrimaryRateLimit(reset));
        _h.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(0, await _h.DrainAsync());
        Assert.Equal(reset, _h.Drainer.PausedUntil);
        _h.Clock.Advance(reset - _h.Clock.GetUtcNow() - TimeSpan.FromSeconds(1));
        Assert.Equal(0, await _h.DrainAsync());

        _h.GitHub.InjectFault(FakeFault.ServerError(502));
        _h.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(0, await _h.DrainAsync());
        Assert.True(_h.Drainer.PausedUntil > _h.Clock.GetUtcNow());
        _h.Clock.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(2, await _h.DrainAsync());
        Assert.Single(_h.GitHub.CheckRuns);
        Assert.Single(_h.GitHub.Comments);
        Assert.Equal(3, _h.GitHub.Calls.Count(c => c.Status is 403 or 502));
    }

    [Fact]
    public async Task OwnPacing_KeepsContentRequestsUnderTheBudget_WithoutBeingLimited()
    {
        await using var h = await ReportingHarness.StartAsync(PlanTier.Pro, o => o.ContentRequestsPerMinute = 3);
        await h.PullRequestAsync(5, ("team/mcp.yaml", MainManifest));
        await h.PullRequestAsync(6, ("team/mcp.yaml", MainManifest.Replace("docs.example", "api.example", StringComparison.Ordinal)));

        // Each pull request takes three requests (its check run created and completed, its comment): the budget is three a minute.
        Assert.Equal(2, await h.DrainAsync());
        Assert.Equal(ReportingHarness.Start + TimeSpan.FromMinutes(1), h.Drainer.PausedUntil);
        Assert.Single(h.GitHub.CheckRuns);
        h.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(2, await h.DrainAsync());
        Assert.Equal(2, h.GitHub.CheckRuns.Count);
        Assert.DoesNotContain(h.GitHub.Calls, c => c.Status == 403);
    }

    [Fact]
    public async Task SecretValuesKeysAndTokens_AppearInNoRequestToGitHub()
    {
        const string GhValue = "ghp_Zq8pL2mN4vX7cR1tY6uW3sK9eD5fG0hJ2aBc";
        const string SlackValue = "xoxb-112233445566-778899001122-AbCdEfGhIjKlMnOpQrStUvWx";
        await _h.SetSecretAsync("gh-token", GhValue);
        await _h.SetSecretAsync("slack-bot", SlackValue);
        await _h.Store.SetEntitlementAsync("acme", PlanTier.Pro, McpSaas.Reconciler.State.PlanLimitOverrides.None, CancellationToken.None);
        var applied = await _h.PushAsync(("team/mcp.yaml", MainManifest));
        var key = await _h.Services.GetRequiredService<McpSaas.Reconciler.Keys.ApiKeyService>()
            .CreateAsync(new McpSaas.Reconciler.Identity.ServerId("acme", "tools", "team"), "laptop", "test", CancellationToken.None);
        await _h.PullRequestAsync(4, ("team/mcp.yaml", PullRequestManifest));
        await _h.PushAsync(("team/mcp.yaml", PullRequestManifest.Replace("    - use: github\n      as: upstream\n      with:\n        owners: [upstream-org]\n      secrets:\n        token: gh-token\n", "", StringComparison.Ordinal)));
        await _h.DrainAsync();

        Assert.True(applied.Applied);
        Assert.NotEmpty(_h.GitHub.CheckRuns);
        Assert.NotEmpty(_h.GitHub.Comments);
        var seeded = new List<string> { GhValue, SlackValue, _h.GitHub.PrivateKeyPem.Split('\n')[1] };
        seeded.AddRange(_h.GitHub.IssuedTokens.Select(t => t.Token));
        if (key.Key is { } created)
        {
            seeded.Add(created.Reveal());
        }

        Assert.True(seeded.Count >= 4);
        foreach (var call in _h.GitHub.Calls)
        {
            var text = string.Join("\n", call.Path, call.Query, call.Body ?? "", string.Join("\n", call.Headers.Select(h => $"{h.Key}: {h.Value}")));
            foreach (var secret in seeded)
            {
                Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task ASecondJobForTheSameCommit_FindingNothingToDo_KeepsWhatTheCheckRunSaid_EvenWhileGitHubIsDown()
    {
        await _h.Store.SetEntitlementAsync("acme", PlanTier.Pro, McpSaas.Reconciler.State.PlanLimitOverrides.None, CancellationToken.None);
        var beta = MainManifest.Replace("name: team", "name: beta", StringComparison.Ordinal).Replace("    - use: github\n      secrets:\n        token: gh-token\n", "", StringComparison.Ordinal);
        _h.GitHub.ReportingDown = true;
        var first = await _h.PushAsync(("b/mcp.yaml", beta));
        var again = await _h.RunAsync(JobKind.Reconcile, first.Revision, "webhook:again");
        Assert.False(again.Plan.HasChanges);
        await _h.DrainAsync();

        _h.GitHub.ReportingDown = false;
        _h.Clock.Advance(TimeSpan.FromMinutes(1));
        await _h.DrainAsync();
        var run = Assert.Single(_h.GitHub.CheckRuns);
        Assert.Equal(("success", "Applied: 1 added, 0 changed, 0 destroyed"), (run.Conclusion, run.Title));

        var calls = _h.ReportingCalls().Count;
        await _h.RunAsync(JobKind.Reconcile, first.Revision, "webhook:once-more");
        await _h.DrainAsync();
        Assert.True(calls == _h.ReportingCalls().Count, string.Join("\n", _h.ReportingCalls().Select(c => $"{c.Method} {c.Path} {c.Status} {c.Body}")));
        Assert.Equal("success", Assert.Single(_h.GitHub.CheckRuns).Conclusion);
    }
}
