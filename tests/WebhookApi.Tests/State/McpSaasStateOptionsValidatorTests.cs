using McpSaas.WebhookApi.State;
using McpSaas.WebhookApi.Tests.TestSupport;
using Microsoft.Extensions.Options;

namespace McpSaas.WebhookApi.Tests.State;

public sealed class McpSaasStateOptionsValidatorTests
{
    [Fact]
    public void Defaults_AreValid() =>
        Assert.True(new McpSaasStateOptionsValidator().Validate(null, new McpSaasStateOptions()).Succeeded);

    [Fact]
    public void EveryProblem_IsReported_NamingTheSettingAndTheFix()
    {
        var result = new McpSaasStateOptionsValidator().Validate(null, new McpSaasStateOptions
        {
            DataDirectory = " ",
            BusyTimeout = TimeSpan.Zero,
            MaxUsageBatchBytes = 10,
            MaxUsageBatchEvents = 0,
            SecretsKey = "too-short",
        });

        Assert.True(result.Failed);
        var failures = result.Failures!.ToList();
        Assert.Equal(5, failures.Count);
        Assert.Contains(failures, f => f.StartsWith("State:DataDirectory is empty: set it", StringComparison.Ordinal) && f.Contains("MCPSAAS_State__DataDirectory", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("State:BusyTimeout is 00:00:00: set it between", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("State:MaxUsageBatchBytes is 10: set it between 1024", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("State:MaxUsageBatchEvents is 0: set it between 1", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("MCPSAAS_SECRETS_KEY (State:SecretsKey) is not the base64 of 32 bytes", StringComparison.Ordinal));
        Assert.DoesNotContain(failures, f => f.Contains("too-short", StringComparison.Ordinal));
    }

    [Fact]
    public void UsageEventRetention_ShorterThanTheAcceptedWindow_AndAnOddInterval_AreRefused()
    {
        var result = new McpSaasStateOptionsValidator().Validate(null, new McpSaasStateOptions
        {
            UsageEventRetention = TimeSpan.FromDays(30),
            UsagePruneInterval = TimeSpan.FromSeconds(1),
        });

        var failures = result.Failures!.ToList();
        Assert.Equal(2, failures.Count);
        Assert.StartsWith("State:UsageEventRetention is 30.00:00:00: set it to at least 62.00:05:00", failures[0], StringComparison.Ordinal);
        Assert.StartsWith("State:UsagePruneInterval is 00:00:01: set it between 00:01:00 and 1.00:00:00", failures[1], StringComparison.Ordinal);
        Assert.True(new McpSaasStateOptionsValidator().Validate(null, new McpSaasStateOptions { UsageEventRetention = TimeSpan.FromDays(62) + TimeSpan.FromMinutes(5) }).Succeeded);
    }

    [Fact]
    public void Host_WithAnInvalidSetting_FailsToStart_WithTheMessage()
    {
        using var app = new McpSaasAppFactory();
        app.Settings["State:MaxUsageBatchEvents"] = "0";

        var error = Assert.Throws<OptionsValidationException>(() => app.CreateClient());

        Assert.Contains("State:MaxUsageBatchEvents is 0", error.Message, StringComparison.Ordinal);
    }
}
