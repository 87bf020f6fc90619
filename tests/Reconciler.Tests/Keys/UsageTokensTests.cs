using McpSaas.Reconciler.Keys;
using McpSaas.Reconciler.Tests.TestSupport;

namespace McpSaas.Reconciler.Tests.Keys;

public sealed class UsageTokensTests : IDisposable
{
    private readonly TempDataDirectory _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task Issue_GeneratesOnce_StoresOnlyTheHash_ThenStaysStable()
    {
        using var store = Stores.Open(_data, Stores.Clock());
        var server = Stores.Id("acme/tools/a");
        await store.EnsureServersAsync([server], CancellationToken.None);
        var tokens = new UsageTokens(store, new McpSaas.Reconciler.Secrets.SecretsKeySource(_data.Path, null));

        var first = await tokens.IssueAsync(server, CancellationToken.None);
        var second = await tokens.IssueAsync(server, CancellationToken.None);

        Assert.True(first.Issued);
        Assert.StartsWith("mcpu_", first.Token!.Reveal(), StringComparison.Ordinal);
        Assert.Equal(ApiKeys.Hash(first.Token.Reveal()), await store.GetUsageTokenHashAsync(server, CancellationToken.None));
        Assert.False(second.Issued);
        Assert.Null(second.Error);
        Assert.Equal((1, 1), (first.Version, second.Version));
        var audit = Assert.Single(await store.ListAuditAsync("acme", 10, CancellationToken.None));
        Assert.Equal(("usage-token.issue", "acme/tools/a"), (audit.Action, audit.Target));
        Assert.DoesNotContain(first.Token.Reveal(), audit.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rotate_ReplacesTheToken_AndBumpsTheVersion()
    {
        using var store = Stores.Open(_data, Stores.Clock());
        var server = Stores.Id("acme/tools/a");
        await store.EnsureServersAsync([server], CancellationToken.None);
        var tokens = new UsageTokens(store, new McpSaas.Reconciler.Secrets.SecretsKeySource(_data.Path, null));
        var first = await tokens.IssueAsync(server, CancellationToken.None);

        var rotated = await tokens.RotateAsync(server, CancellationToken.None);

        var stored = await store.GetUsageTokenHashAsync(server, CancellationToken.None);
        Assert.Equal(2, rotated.Version);
        Assert.True(ApiKeys.Matches(rotated.Token!.Reveal(), stored));
        Assert.False(ApiKeys.Matches(first.Token!.Reveal(), stored));
    }

    [Fact]
    public async Task Issue_ForAnUnknownServer_IsAnError()
    {
        using var store = Stores.Open(_data, Stores.Clock());

        var issued = await new UsageTokens(store, new McpSaas.Reconciler.Secrets.SecretsKeySource(_data.Path, null)).IssueAsync(Stores.Id("acme/tools/nope"), CancellationToken.None);

        Assert.False(issued.Issued);
        Assert.Contains("unknown server", issued.Error, StringComparison.Ordinal);
    }
}
