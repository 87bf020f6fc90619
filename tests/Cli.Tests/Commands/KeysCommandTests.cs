using McpSaas.Reconciler.Identity;
using McpSaas.Reconciler.Keys;
using McpSaas.Reconciler.State.Sqlite;

namespace McpSaas.Cli.Tests.Commands;

public sealed class KeysCommandTests : IDisposable
{
    private readonly CliRun _cli = new();

    public void Dispose() => _cli.Dispose();

    [Theory]
    [InlineData("list")]
    [InlineData("list", "--json")]
    [InlineData("revoke", "laptop")]
    public async Task Keys_UnknownServer_SaysSo_ExitsOne(params string[] rest)
    {
        await _cli.RunAsync("", "admin", "plan", "acme", "pro"); // a state store exists, without that server

        var (exit, stdout, stderr) = await _cli.RunAsync(["keys", rest[0], "acme/tools/nope", .. rest[1..]]);

        Assert.Equal(1, exit);
        Assert.Equal("", stdout);
        Assert.Contains("unknown server 'acme/tools/nope'", stderr, StringComparison.Ordinal);
        Assert.Contains("servers list", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KeysList_KnownServer_ListsItsKeys()
    {
        var id = ServerId.Parse("acme/tools/known");
        using (var store = SqliteStateStore.ForDataDirectory(_cli.Data, _cli.Clock))
        {
            await store.EnsureServersAsync([id], CancellationToken.None);
            Assert.True((await new ApiKeyService(store).CreateAsync(id, "laptop", "cli:test", CancellationToken.None)).Succeeded);
        }

        var (exit, stdout, _) = await _cli.RunAsync(["keys", "list", "acme/tools/known"]);

        Assert.Equal(0, exit);
        Assert.Contains("laptop", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KeysCreate_BadName_IsAUsageError_CreatesNothing()
    {
        var id = ServerId.Parse("acme/tools/known");
        using (var store = SqliteStateStore.ForDataDirectory(_cli.Data, _cli.Clock))
        {
            await store.EnsureServersAsync([id], CancellationToken.None);
        }

        var (exit, stdout, stderr) = await _cli.RunAsync(["keys", "create", "acme/tools/known", "--name", "Bad Name"]);

        Assert.Equal(2, exit);
        Assert.Equal("", stdout);
        Assert.Contains("'Bad Name' is not a valid key name", stderr, StringComparison.Ordinal);
        using var check = SqliteStateStore.ForDataDirectory(_cli.Data, _cli.Clock);
        Assert.Empty(await check.ListApiKeysAsync(id, includeRevoked: true, CancellationToken.None));
    }
}
