using McpSaas.EndToEnd.Tests.Support;

namespace McpSaas.EndToEnd.Tests;

/// <summary>One data folder deploys a repository to one target (it starts the local runtime: with the other local-runtime tests).</summary>
[Collection(nameof(LocalRuntimeCollection))]
public sealed class CloudflareTargetClashTests
{
    [Fact]
    public async Task ARepositoryDeployedLocally_IsNotAppliedToCloudflareFromTheSameDataFolder()
    {
        await using var cf = await CloudflareTarget.StartAsync(runWorkers: false);
        cf.Repo.Write("docs/mcp.yaml", CloudflareTarget.Manifest("docs", "docs.example.com"));
        cf.Repo.Commit("docs");
        try
        {
            Assert.Equal(0, (await cf.RunAsync("apply", "--source", cf.Source)).Exit);

            var apply = await cf.ApplyAsync();

            Assert.Equal(2, apply.Exit);
            Assert.Contains("is deployed with --target local in this data folder", apply.Stderr, StringComparison.Ordinal);
            Assert.DoesNotContain(cf.Fake.Requests, r => r.IsWrite);
        }
        finally
        {
            await cf.RunAsync("local", "stop");
        }
    }
}
