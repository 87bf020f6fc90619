using McpSaas.Reconciler.Platforms.Cloudflare;
using McpSaas.Testing.Fakes.Cloudflare;
using Microsoft.Extensions.Time.Testing;

namespace McpSaas.Reconciler.Tests.Platforms.Cloudflare;

/// <summary>The API token and secret values appear only where they must: the Authorization header and secret bodies.</summary>
public sealed class CloudflareSecretHygieneTests
{
    [Fact]
    public async Task TokenAndSecrets_AppearInNoOtherRequest_LogLine_OrExceptionMessage()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 14, 9, 0, 0, TimeSpan.Zero));
        await using var h = await CloudflareHarness.StartAsync(time: time,
            fake: o =>
            {
                o.FaultRate = 0.3;
                o.FaultSeed = 3;
                o.Faults = FakeFault.ServerError | FakeFault.RateLimited | FakeFault.ConcurrentModification;
                o.MaxVariableBytes = 300;
            },
            client: o => o.MaxAttempts = 10);
        var secrets = new[] { "xoxb-seeded-slack-8f2e1c", "ghp_seededGithubToken12345", "usage-seeded-token-77a1" };
        var tooLarge = "too-large-secret-" + new string('z', 400);
        var errors = new List<Exception>();

        await Run(() => h.Client.UploadScriptAsync(Uploads.Small("mcp-a"), CancellationToken.None));
        await Run(() => h.Client.PatchSecretsAsync("mcp-a", new Dictionary<string, string?> { ["MCP_SECRET_SLACK_BOTTOKEN"] = secrets[0], ["MCP_USAGE_TOKEN"] = secrets[2] }, CancellationToken.None));
        await Run(() => h.Client.PutSecretAsync("mcp-a", "MCP_SECRET_GH_TOKEN", secrets[1], CancellationToken.None));
        await Run(() => h.Client.UploadScriptAsync(Uploads.Small("mcp-a", DurableObjectMigrations.V1), CancellationToken.None));
        await Run(() => h.Client.GetSettingsAsync("mcp-a", CancellationToken.None));
        await Run(() => h.Client.ListScriptsAsync(OwnershipTags.AnyOwnerFilter, CancellationToken.None));
        await Run(() => h.Client.SetTagsAsync("mcp-a", ["mcpsaas"], CancellationToken.None));
        await Run(() => h.Client.EnableWorkersDevAsync("mcp-a", CancellationToken.None));
        // Failures: a secret Cloudflare refuses, a script that is not there, a stale migration tag.
        await Run(() => h.Client.PutSecretAsync("mcp-a", "MCP_SECRET_BIG_ONE", tooLarge, CancellationToken.None));
        await Run(() => h.Client.PatchSecretsAsync("mcp-gone", new Dictionary<string, string?> { ["MCP_USAGE_TOKEN"] = secrets[2] }, CancellationToken.None));
        await Run(() => h.Client.UploadScriptAsync(Uploads.Small("mcp-a", currentMigrationTag: null), CancellationToken.None));
        await Run(() => h.Client.DeleteScriptAsync("mcp-a", force: false, CancellationToken.None));

        Assert.True(errors.Count == 3, string.Join("\n", errors.Select(e => e.Message)));
        Assert.Contains(h.Fake.Requests, r => r.Fault != FakeFault.None); // retries happened, and were logged
        Assert.Contains(h.Logs.Lines, l => l.Contains("[6002]", StringComparison.Ordinal));
        SecretHygiene.AssertOnlyInSecretBodies(h.Fake.Requests, h.Fake.ApiToken, [.. secrets, tooLarge]);
        var sensitive = secrets.Append(tooLarge).Append(h.Fake.ApiToken).ToList();
        SecretHygiene.AssertNoneIn(h.Logs.AllText, sensitive, "the logs");
        SecretHygiene.AssertNoneIn(string.Join("\n", errors.Select(e => e.ToString())), sensitive, "an exception");
        Assert.Contains(errors, e => e is CloudflareApiException { Kind: CloudflareErrorKind.SecretTooLarge });

        async Task Run(Func<Task> call)
        {
            try
            {
                await h.WithClockAsync(call);
            }
            catch (CloudflareApiException e)
            {
                errors.Add(e);
            }
        }
    }

    [Fact]
    public void TheToken_IsNeverShownByItsHolders()
    {
        var token = new CloudflareApiToken(Microsoft.Extensions.Options.Options.Create(new CloudflareOptions { AccountId = new string('a', 32), ApiToken = "shown-never-Qw7Er5Ty3" }));

        Assert.Equal("(sensitive)", token.ToString());
        Assert.Equal("a (redacted) b", token.Redact("a shown-never-Qw7Er5Ty3 b"));
    }
}
