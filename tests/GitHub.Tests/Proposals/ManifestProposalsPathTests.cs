using McpSaas.GitHub.Tests.Support;
using McpSaas.Reconciler.Proposals;
using Microsoft.Extensions.DependencyInjection;

namespace McpSaas.GitHub.Tests.Proposals;

/// <summary>
/// Dashboard pull requests only ever touch a plain file path of the repository, on a branch whose name git accepts: a path
/// with <c>..</c>, a leading '/', a query or fragment character, a percent escape or a control character reaches no
/// GitHub endpoint (it could address another one with the App's token), and names taken from a manifest's text (a
/// removed tool's alias) cannot put anything but <c>[a-z0-9-]</c> into a branch name.
/// </summary>
public sealed class ManifestProposalsPathTests
{
    private const string Manifest = """
        apiVersion: mcpsaas.dev/v1
        kind: McpServer
        metadata:
          name: reader
        spec:
          tools:
            - use: fetch
        """;

    private static async Task<(ReportingHarness Harness, IManifestProposals Proposals, ProposalTarget Target)> StartAsync()
    {
        var harness = await ReportingHarness.StartAsync();
        harness.GitHub.Installation(ReportingHarness.InstallationId)!.Permissions["contents"] = "write";
        var proposals = harness.Services.GetRequiredService<IManifestProposals>();
        var target = await proposals.TargetAsync("acme", "tools", CancellationToken.None);
        Assert.True(target.CanOpen, target.WhyNot);
        return (harness, proposals, target);
    }

    [Theory]
    [InlineData("../../../orgs/acme/mcp.yaml")]
    [InlineData("team/../../other/mcp.yaml")]
    [InlineData("./mcp.yaml")]
    [InlineData("/mcp.yaml")]
    [InlineData("team//mcp.yaml")]
    [InlineData("team?ref=other/mcp.yaml")]
    [InlineData("team#x/mcp.yaml")]
    [InlineData("%2e%2e/%2e%2e/mcp.yaml")]
    [InlineData("team\\..\\mcp.yaml")]
    [InlineData("team\n/mcp.yaml")]
    [InlineData("")]
    public async Task ReadAndOpen_AnUnsafePath_SendNothingToGitHub(string path)
    {
        var (harness, proposals, target) = await StartAsync();
        await using var _ = harness;
        var before = harness.GitHub.Calls.Count;

        var read = await proposals.ReadAsync(target, path, CancellationToken.None);
        Assert.NotNull(read.Error);
        Assert.Null(read.File);
        var opened = await proposals.OpenAsync(new ManifestProposal
        {
            Target = target,
            Path = path,
            Content = Manifest,
            BaseSha = harness.Repository.Ref("refs/heads/main")!,
            BranchPrefix = "mcpsaas/new-server-reader",
            CommitMessage = "Add MCP server reader",
            Title = "Add MCP server reader",
            Body = "test",
        }, CancellationToken.None);

        Assert.Equal(ProposalOutcome.Failed, opened.Outcome);
        Assert.Contains("not a path McpSaas changes", opened.Message, StringComparison.Ordinal);
        Assert.Equal(before, harness.GitHub.Calls.Count);
        Assert.Equal(["main"], harness.Repository.Branches());
    }

    [Fact]
    public async Task Open_ABranchPrefixFromAManifestsText_IsReducedToWhatGitAccepts()
    {
        var (harness, proposals, target) = await StartAsync();
        await using var _ = harness;
        var opened = await proposals.OpenAsync(new ManifestProposal
        {
            Target = target,
            Path = "reader/mcp.yaml",
            Content = Manifest,
            BaseSha = harness.Repository.Ref("refs/heads/main")!,
            BranchPrefix = "mcpsaas/remove-Odd Name~^:..\\*?[x-from-reader",
            CommitMessage = "Remove a tool",
            Title = "Remove a tool",
            Body = "test",
        }, CancellationToken.None);

        Assert.True(opened.Outcome == ProposalOutcome.Opened, opened.Message);
        Assert.Matches("^mcpsaas/remove-odd-name-x-from-reader-\\d{8}-\\d{6}-[0-9a-f]{4}$", opened.Branch);
    }
}
