using System.Text;
using McpSaas.Reconciler.Usage;

namespace McpSaas.Reconciler.Tests.Usage;

public sealed class UsageBatchParserTests
{
    private static readonly UsageIngestOptions Options = new() { MaxBatchBytes = 4096, MaxBatchEvents = 3 };

    private static UsageBatchParseResult Parse(string json, UsageIngestOptions? options = null) =>
        UsageBatchParser.Parse(Encoding.UTF8.GetBytes(json), options ?? Options);

    private const string Good = """{"eventId":"e1","serverId":"acme/tools/a","tool":"fetch","keyId":"0123456789ab","ok":true,"errorKind":null,"durationMs":12.6,"ts":1773480600000}""";

    [Fact]
    public void Parse_AGoodEvent_ReadsEveryField()
    {
        var result = Parse($$"""{"events":[{{Good}}]}""");

        var e = Assert.Single(result.Batch!.Events);
        Assert.Equal("acme/tools/a", result.Batch.ServerId.ToString());
        Assert.Equal(("e1", "fetch", "0123456789ab", true, (string?)null, 13L), (e.EventId, e.Tool, e.KeyId, e.Ok, e.ErrorKind, e.DurationMs));
        Assert.Equal(new DateTimeOffset(2026, 3, 14, 9, 30, 0, TimeSpan.Zero), e.Timestamp);
    }

    [Fact]
    public void Parse_AcceptsIsoTimes_AbsentOptionalFields_AndIgnoresUnknownFields()
    {
        var result = Parse("""
            {"serverId":"acme/tools/a","outboxVersion":2,"events":[
              {"eventId":"e1","serverId":"acme/tools/a","tool":"fetch","ok":false,"errorKind":"upstream","durationMs":0,"ts":"2026-03-14T10:30:00+01:00","extra":1}
            ]}
            """);

        var e = Assert.Single(result.Batch!.Events);
        Assert.Null(e.KeyId);
        Assert.Equal("upstream", e.ErrorKind);
        Assert.Equal(new DateTimeOffset(2026, 3, 14, 9, 30, 0, TimeSpan.Zero), e.Timestamp);
    }

    [Fact]
    public void Parse_AnEmptyBatchNamingItsServer_IsAQuotaPoll()
    {
        var result = Parse("""{"serverId":"acme/tools/a","events":[]}""");

        Assert.Empty(result.Batch!.Events);
        Assert.Equal("acme/tools/a", result.Batch.ServerId.ToString());
    }

    [Fact]
    public void Parse_ReadsTheBatchIdAndTheDropCount_AndDefaultsThemWhenAbsent()
    {
        var result = Parse($$"""{"contractVersion":1,"batchId":"epoch-1:7","dropped":37,"events":[{{Good}}]}""");
        var plain = Parse($$"""{"events":[{{Good}}]}""");

        Assert.Equal(("epoch-1:7", 37L), (result.Batch!.BatchId, result.Batch.Dropped));
        Assert.Equal(((string?)null, 0L), (plain.Batch!.BatchId, plain.Batch.Dropped));
    }

    [Theory]
    [InlineData("""{"serverId":"acme/tools/a","dropped":-1,"events":[]}""", "dropped: must be a whole number")]
    [InlineData("""{"serverId":"acme/tools/a","dropped":1.5,"events":[]}""", "dropped: must be a whole number")]
    [InlineData("""{"serverId":"acme/tools/a","dropped":"3","events":[]}""", "dropped: must be a whole number")]
    [InlineData("""{"serverId":"acme/tools/a","dropped":2000000000,"events":[]}""", "dropped: must be a whole number from 0 to 1000000000")]
    [InlineData("""{"serverId":"acme/tools/a","batchId":5,"events":[]}""", "batchId: must be a string or null")]
    [InlineData("""{"serverId":"acme/tools/a","batchId":"","events":[]}""", "batch.batchId: must be 1 to 128 characters")]
    public void Parse_ABadDropCountOrBatchId_IsRefused_NamingTheField(string json, string expected)
    {
        var result = Parse(json);

        Assert.Null(result.Batch);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not json", "not valid JSON")]
    [InlineData("[]", "must be a JSON object")]
    [InlineData("""{"events":{}}""", "events: required, an array")]
    [InlineData("""{"events":[]}""", "no events and no serverId")]
    [InlineData("""{"events":[1]}""", "events[0]: must be an object")]
    [InlineData("""{"serverId":"nope","events":[]}""", "serverId: must be a server id")]
    [InlineData("""{"events":[{"serverId":"acme/tools/a","tool":"fetch","ok":true,"durationMs":1,"ts":1}]}""", "events[0].eventId: required")]
    [InlineData("""{"events":[{"eventId":"e","serverId":"acme/tools","tool":"fetch","ok":true,"durationMs":1,"ts":1}]}""", "events[0].serverId: must be a server id")]
    [InlineData("""{"events":[{"eventId":"e","serverId":"acme/tools/a","tool":"","ok":true,"durationMs":1,"ts":1}]}""", "events[0].tool: must be 1 to 128 characters")]
    [InlineData("""{"events":[{"eventId":"e","serverId":"acme/tools/a","tool":"t","ok":"yes","durationMs":1,"ts":1}]}""", "events[0].ok: required, true or false")]
    [InlineData("""{"events":[{"eventId":"e","serverId":"acme/tools/a","tool":"t","ok":true,"durationMs":-1,"ts":1}]}""", "events[0].durationMs")]
    [InlineData("""{"events":[{"eventId":"e","serverId":"acme/tools/a","tool":"t","ok":true,"durationMs":1,"ts":"2026-03-14T10:30:00"}]}""", "events[0].ts")]
    [InlineData("""{"events":[{"eventId":"e","serverId":"acme/tools/a","tool":"t","ok":true,"durationMs":1,"ts":1,"keyId":5}]}""", "events[0].keyId: must be a string or null")]
    public void Parse_BadBodies_AreRefused_WithAReasonNamingTheField(string json, string expected)
    {
        var result = Parse(json);

        Assert.Null(result.Batch);
        Assert.False(result.TooLarge);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ReportsEveryBadField_NotOnlyTheFirst()
    {
        var result = Parse("""{"events":[{"eventId":"e","serverId":"acme/tools/a"},{"eventId":"f","serverId":"acme/tools/a","tool":"t","ok":true,"durationMs":1,"ts":1}]}""");

        Assert.Contains("events[0].tool", result.Error, StringComparison.Ordinal);
        Assert.Contains("events[0].ok", result.Error, StringComparison.Ordinal);
        Assert.Contains("events[0].durationMs", result.Error, StringComparison.Ordinal);
        Assert.Contains("events[0].ts", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_EventsOfTwoServers_AreRefused()
    {
        var other = Good.Replace("acme/tools/a", "acme/tools/b", StringComparison.Ordinal).Replace("e1", "e2", StringComparison.Ordinal);

        var result = Parse($$"""{"events":[{{Good}},{{other}}]}""");

        Assert.Contains("events[1].serverId: 'acme/tools/b' differs from the batch's server 'acme/tools/a'", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MoreEventsThanTheCap_IsTooLarge()
    {
        var result = Parse($$"""{"events":[{{Good}},{{Good}},{{Good}},{{Good}}]}""");

        Assert.True(result.TooLarge);
        Assert.Contains("4 events; at most 3", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MoreBytesThanTheCap_IsTooLarge()
    {
        var result = Parse($$"""{"events":[{{Good}}]}""", Options with { MaxBatchBytes = 64 });

        Assert.True(result.TooLarge);
        Assert.Contains("at most 64 bytes", result.Error, StringComparison.Ordinal);
    }
}
