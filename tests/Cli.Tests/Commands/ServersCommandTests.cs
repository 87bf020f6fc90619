using McpSaas.Reconciler.Identity;
using McpSaas.Reconciler.State.Sqlite;

namespace McpSaas.Cli.Tests.Commands;

public sealed class ServersCommandTests : IDisposable
{
    private readonly CliRun _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task List_OrgWithoutServers_SaysSoAndNamesTheOrgsThatHaveSome()
    {
        using (var store = SqliteStateStore.ForDataDirectory(_cli.Data, _cli.Clock))
        {
            await store.EnsureServersAsync([ServerId.Parse("acme/tools/a"), ServerId.Parse("beta/docs/b")], CancellationToken.None);
        }

        var (exit, stdout, _) = await _cli.RunAsync(["servers", "list", "--org", "nope"]);

        Assert.Equal(0, exit);
        Assert.Equal("No servers in org 'nope'; servers here are in: acme, beta.\n", stdout);
    }

    [Theory]
    [InlineData("servers", "list", "--org", "a/b")]
    [InlineData("audit", "--org", "a/b")]
    public async Task OrgThatIsNotAnOrgName_IsAUsageError(params string[] args)
    {
        var (exit, stdout, stderr) = await _cli.RunAsync(args);

        Assert.Equal(2, exit);
        Assert.Equal("", stdout);
        Assert.Contains("'a/b' is not an org name", stderr, StringComparison.Ordinal);
    }
}
