using System.Text.Json;
using McpSaas.Cli.Commands;
using McpSaas.Reconciler.Identity;
using McpSaas.Reconciler.Keys;
using McpSaas.Reconciler.State;
using McpSaas.Reconciler.State.Sqlite;
using McpSaas.Reconciler.Usage;
using McpSaas.Schema.Plans;

namespace McpSaas.Cli.Tests.Commands;

public sealed class UsageCommandTests : IDisposable
{
    private readonly CliRun _cli = new();
    private readonly ServerId _server = ServerId.Parse("acme/tools/a");

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Usage_ShowsCallsPerToolKeyAndDay_AndTheOrgQuota()
    {
        await SeedAsync();

        var (exit, stdout, stderr) = await _cli.RunAsync("", "usage", "acme/tools/a");

        Assert.Equal(0, exit);
        Assert.Equal("", stderr);
        Assert.Equal(
            """
            acme/tools/a, 2026-03 (UTC): 5 call(s), 1 error(s)
            Org acme (plan free): 6 of 5,000 calls in 2026-03

            By tool
              TOOL                CALLS  ERRORS
              fetch                   3       1
              slack_post_message      2       0

            By key
              KEY                    CALLS  ERRORS
              laptop (LAPTOPKEYID0)      3       1
              (no key)                   2       0

            By day
              DAY         CALLS  ERRORS
              2026-03-13      2       0
              2026-03-14      3       1

            """.Replace("LAPTOPKEYID0", _laptopKeyId, StringComparison.Ordinal).ReplaceLineEndings("\n"),
            stdout);
    }

    [Fact]
    public async Task UsageJson_HasTheDocumentedShape()
    {
        await SeedAsync();

        var (exit, stdout, _) = await _cli.RunAsync("", "usage", "acme/tools/a", "--json");

        Assert.Equal(0, exit);
        var root = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal(("acme/tools/a", "2026-03", 5, 1), (root.GetProperty("serverId").GetString(), root.GetProperty("month").GetString(), root.GetProperty("calls").GetInt64(), root.GetProperty("errors").GetInt64()));
        var quota = root.GetProperty("quota");
        Assert.Equal(("acme", "free", 5000L, 6L, false), (quota.GetProperty("org").GetString(), quota.GetProperty("plan").GetString(), quota.GetProperty("limit").GetInt64(), quota.GetProperty("used").GetInt64(), quota.GetProperty("exceeded").GetBoolean()));
        Assert.Equal(["fetch", "slack_post_message"], root.GetProperty("byTool").EnumerateArray().Select(t => t.GetProperty("tool").GetString()));
        var keys = root.GetProperty("byKey").EnumerateArray().ToList();
        Assert.Equal((_laptopKeyId, "laptop", 3L), (keys[0].GetProperty("keyId").GetString(), keys[0].GetProperty("name").GetString(), keys[0].GetProperty("calls").GetInt64()));
        Assert.Equal(JsonValueKind.Null, keys[1].GetProperty("keyId").ValueKind);
        Assert.Equal(["2026-03-13", "2026-03-14"], root.GetProperty("byDay").EnumerateArray().Select(d => d.GetProperty("day").GetString()));
    }

    [Fact]
    public async Task UsageJson_AddsRefusalsAndDelivery_ForAServerNotDeployedHere()
    {
        await SeedAsync();
        using (var store = SqliteStateStore.ForDataDirectory(_cli.Data, _cli.Clock))
        {
            await store.RecordDeliveryAsync(new UsageDelivery(_server, "ep:0", 4, CliRun.Start), CancellationToken.None);
        }

        var (exit, stdout, _) = await _cli.RunAsync("", "usage", "acme/tools/a", "--json");

        Assert.Equal(0, exit);
        var root = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal(0, root.GetProperty("refused").GetInt64());
        var delivery = root.GetProperty("delivery");
        Assert.Equal(CliRun.Start, delivery.GetProperty("lastDeliveryAt").GetDateTimeOffset());
        Assert.Equal((4L, 4L), (delivery.GetProperty("dropped").GetInt64(), delivery.GetProperty("droppedTotal").GetInt64()));
        Assert.Equal(JsonValueKind.Null, delivery.GetProperty("outbox").ValueKind);
        Assert.Equal(JsonValueKind.Null, delivery.GetProperty("outboxError").ValueKind);
        Assert.False(delivery.GetProperty("complete").GetBoolean(), "4 calls were lost");
    }

    [Fact]
    public void Render_SaysWhatIsMissing_WaitingDroppedAndLost_AndWhenTheLastBatchArrived()
    {
        var month = UsageMonth.Of(CliRun.Start);
        var last = new UsageDeliveryReport(CliRun.Start, 0, 0);
        var waiting = new WorkerUsageStatus { Pending = 12, Dropped = 3, Failures = 4, LastError = "Network connection lost.", NextAttemptAt = CliRun.Start.AddMinutes(2) };

        Assert.Equal(
            "Incomplete: 12 call(s) wait in the server's outbox and are not counted above yet (delivery failed 4 time(s) in a row, "
            + "last: \"Network connection lost\"; next attempt at 2026-03-14 09:32:00Z); the last batch arrived at 2026-03-14 09:30:00Z.\n"
            + "Incomplete: 3 call(s) were dropped by the server's full outbox and are not reported yet.\n",
            UsageCommand.RenderDelivery(month, new UsageCompleteness(last, true, waiting, null)));
        Assert.Equal(
            "Incomplete: 50 call(s) reported in 2026-03 were lost: the server's outbox was full (it keeps 10,000 events) while the usage endpoint "
            + "could not be reached; they are in no figure here.\n",
            UsageCommand.RenderDelivery(month, UsageCompleteness.NotDeployed(new UsageDeliveryReport(CliRun.Start, 50, 50))));
        Assert.Equal(
            "Not known to be complete: the server's outbox could not be checked (the local runtime is not running); no batch has arrived yet.\n",
            UsageCommand.RenderDelivery(month, new UsageCompleteness(new UsageDeliveryReport(null, 0, 0), true, null, "the local runtime is not running")));
        Assert.Equal(
            "Complete: nothing waits in the server's outbox; the last batch arrived at 2026-03-14 09:30:00Z.\n",
            UsageCommand.RenderDelivery(month, new UsageCompleteness(last, true, new WorkerUsageStatus(), null)));
        Assert.Equal("", UsageCommand.RenderDelivery(month, UsageCompleteness.NotDeployed(new UsageDeliveryReport(null, 0, 0))));
        Assert.True(new UsageCompleteness(last, true, new WorkerUsageStatus(), null).Complete);
        Assert.False(new UsageCompleteness(last, true, waiting, null).Complete);
        Assert.False(new UsageCompleteness(last, true, null, "unreachable").Complete);
    }

    [Fact]
    public async Task Usage_ForAnotherMonth_AndAtTheQuota_SaysSo()
    {
        await SeedAsync();
        using (var store = SqliteStateStore.ForDataDirectory(_cli.Data, _cli.Clock))
        {
            await store.SetEntitlementAsync("acme", PlanTier.Free, new PlanLimitOverrides { CallsPerMonth = 6 }, CancellationToken.None);
        }

        var march = await _cli.RunAsync("", "usage", "acme/tools/a", "--month", "2026-03");
        var april = await _cli.RunAsync("", "usage", "acme/tools/a", "--month", "2026-04");

        Assert.Contains("Org acme (plan free): 6 of 6 calls in 2026-03: quota reached, calls are refused until 2026-04-01 or a plan upgrade", march.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, april.Exit);
        Assert.StartsWith("acme/tools/a, 2026-04 (UTC): no calls.\nOrg acme (plan free): 0 of 6 calls in 2026-04\n", april.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(2, "usage", "not-an-id")]
    [InlineData(2, "usage", "acme/tools/a", "--month", "March")]
    [InlineData(1, "usage", "acme/tools/ghost")]
    public async Task Usage_BadInputOrUnknownServer_FailsSayingWhatToDo(int expected, params string[] args)
    {
        await SeedAsync();

        var (exit, stdout, stderr) = await _cli.RunAsync("", args);

        Assert.Equal(expected, exit);
        Assert.Equal("", stdout);
        Assert.Contains(expected == 1 ? "`mcpsaas servers list` shows the servers McpSaas knows" : "mcpsaas usage:", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Usage_OnAFreshDataFolder_IsAnUnknownServer()
    {
        var (exit, _, stderr) = await _cli.RunAsync("", "usage", "acme/tools/a");

        Assert.Equal(1, exit);
        Assert.Contains("unknown server 'acme/tools/a'", stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_cli.Data));
    }

    private string _laptopKeyId = "";

    /// <summary>Five calls of acme/tools/a over two days (one error; three with the 'laptop' key) and one of another acme server.</summary>
    private async Task SeedAsync()
    {
        using var store = SqliteStateStore.ForDataDirectory(_cli.Data, _cli.Clock);
        var other = ServerId.Parse("acme/docs/b");
        await store.EnsureServersAsync([_server, other], CancellationToken.None);
        var laptop = await new ApiKeyService(store).CreateAsync(_server, "laptop", "test", CancellationToken.None);
        _laptopKeyId = laptop.Record!.KeyId;
        var day1 = CliRun.Start.AddDays(-1);
        var day2 = CliRun.Start;
        UsageEvent Event(string id, ServerId server, string tool, string? key, bool ok, DateTimeOffset at) =>
            new() { EventId = id, ServerId = server, Tool = tool, KeyId = key, Ok = ok, ErrorKind = ok ? null : "upstream", DurationMs = 10, Timestamp = at };
        await store.RecordUsageAsync("acme",
        [
            Event("1", _server, "slack_post_message", null, true, day1),
            Event("2", _server, "slack_post_message", null, true, day1),
            Event("3", _server, "fetch", _laptopKeyId, true, day2),
            Event("4", _server, "fetch", _laptopKeyId, false, day2),
            Event("5", _server, "fetch", _laptopKeyId, true, day2),
        ], CancellationToken.None);
        await store.RecordUsageAsync("acme", [Event("6", other, "fetch", null, true, day2)], CancellationToken.None);
    }
}
