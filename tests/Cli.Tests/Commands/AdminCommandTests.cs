using McpSaas.Reconciler.State.Sqlite;
using McpSaas.Schema.Plans;

namespace McpSaas.Cli.Tests.Commands;

public sealed class AdminCommandTests : IDisposable
{
    private readonly CliRun _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Plan_SetsTheTier_AndSaysWhatTheLimitsAre()
    {
        var (exit, stdout, stderr) = await _cli.RunAsync("", "admin", "plan", "acme", "pro");

        Assert.Equal(0, exit);
        Assert.Equal("", stderr);
        Assert.Equal("Org 'acme' is now on plan pro: servers per org 3, tools per server 10, calls per month 100,000, calls per minute 600, premium tools yes.\n", stdout);
        using var store = SqliteStateStore.ForDataDirectory(_cli.Data, _cli.Clock);
        var entitlement = await store.GetEntitlementAsync("acme", CancellationToken.None);
        Assert.Equal(PlanTier.Pro, entitlement.Tier);
        var audit = Assert.Single(await store.ListAuditAsync("acme", 10, CancellationToken.None));
        Assert.Equal(("entitlement.set", "cli:test"), (audit.Action, audit.Actor));
    }

    [Fact]
    public async Task Plan_WithOverrides_KeepsThem_AndWithoutClearsThem()
    {
        var (exit, stdout, _) = await _cli.RunAsync("", "admin", "plan", "acme", "free", "--calls-per-month", "3", "--servers-per-org", "2");

        Assert.Equal(0, exit);
        Assert.Contains("plan free (with per-contract limits): servers per org 2, tools per server 2, calls per month 3,", stdout, StringComparison.Ordinal);
        var (_, cleared, _) = await _cli.RunAsync("", "admin", "plan", "acme", "enterprise");
        Assert.Contains("servers per org unlimited, tools per server unlimited, calls per month unlimited, calls per minute unlimited, premium tools yes", cleared, StringComparison.Ordinal);
        using var store = SqliteStateStore.ForDataDirectory(_cli.Data, _cli.Clock);
        Assert.True((await store.GetEntitlementAsync("acme", CancellationToken.None)).Overrides.IsEmpty);
    }

    [Theory]
    [InlineData("acme", "platinum")]
    [InlineData("acme", "pro", "--calls-per-month", "0")]
    [InlineData("acme", "pro", "--calls-per-month", "lots")]
    [InlineData("no/slashes", "pro")]
    public async Task Plan_BadArguments_AreUsageErrors_AndChangeNothing(params string[] args)
    {
        var (exit, stdout, stderr) = await _cli.RunAsync("", ["admin", "plan", .. args]);

        Assert.Equal(2, exit);
        Assert.Equal("", stdout);
        Assert.NotEqual("", stderr);
        Assert.False(File.Exists(Path.Combine(_cli.Data, "state.db")));
    }
}
