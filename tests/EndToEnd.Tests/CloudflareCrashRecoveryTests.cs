using System.Text.Json;
using System.Text.RegularExpressions;
using McpSaas.EndToEnd.Tests.Support;
using McpSaas.Reconciler.Identity;
using McpSaas.Reconciler.Tests.Platforms.Cloudflare;
using McpSaas.Testing.Fakes.Cloudflare;

namespace McpSaas.EndToEnd.Tests;

/// <summary>
/// `apply --target cloudflare` with 30 % of the API's answers faults (429 with Retry-After, 500, timeouts, 10035) and the
/// first apply killed with SIGKILL in the middle (a real process): the next applies converge, nothing is sent before a
/// Retry-After, the same content is never uploaded twice to a script, and nothing is lost.
/// </summary>
public sealed partial class CloudflareCrashRecoveryTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private const int Servers = 12;
    private const string SlackSecret = "xoxb-crash-recovery-value-0001";
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task FaultsAndAKillMidApply_Converge_NothingBeforeRetryAfter_NoContentUploadedTwice_NothingLost()
    {
        await using var cf = await CloudflareTarget.StartAsync(runWorkers: false, fake: o =>
        {
            o.FaultRate = 0.3;
            o.FaultSeed = 20261;
            o.Faults = FakeFault.All;
            o.FaultRetryAfter = RetryAfter;
            o.HangTime = TimeSpan.FromSeconds(10);
        });
        cf.Cli.Environment["MCPSAAS_Cloudflare__RequestTimeout"] = "00:00:03";
        cf.Cli.Environment["MCPSAAS_Cloudflare__RetryBaseDelay"] = "00:00:00.2";
        cf.Cli.Environment["MCPSAAS_Cloudflare__MaxRetryDelay"] = "00:00:05";
        Assert.Equal(0, (await cf.RunWithInputAsync(SlackSecret + "\n", "secrets", "set", "local", "slack-bot")).Exit);
        for (var i = 0; i < Servers; i++)
        {
            cf.Repo.Write($"s{i:D2}/mcp.yaml", CloudflareTarget.Manifest($"server-{i:D2}", "docs.example.com", "https://slack.example/api"));
        }

        cf.Repo.Commit("servers");

        // The first apply, as a real process, killed once a few scripts are uploaded.
        string killed;
        using (var first = new CliProcess(cf.Data.Path, interruptible: false, cf.Cli.Environment, "apply", "--source", cf.Source, "--target", "cloudflare"))
        {
            var deadline = DateTime.UtcNow.AddSeconds(90);
            while (DateTime.UtcNow < deadline && SuccessfulUploads(cf.Fake).Count < 4)
            {
                await Task.Delay(5);
            }

            first.Signal("KILL");
            Assert.NotNull(await first.WaitForExitAsync(TimeSpan.FromSeconds(10)));
            killed = first.ToString();
        }

        Assert.False(killed.Contains("Apply complete", StringComparison.Ordinal), killed);
        output.WriteLine($"after the kill: {cf.Fake.Scripts.Count} script(s), {cf.Fake.Scripts.Count(s => s.Tags.Any(t => t.StartsWith("mcpsaas-pending-", StringComparison.Ordinal)))} pending, {SuccessfulUploads(cf.Fake).Count} upload(s)");
        Assert.InRange(SuccessfulUploads(cf.Fake).Count, 4, Servers - 1);

        // Apply again (faults still at 30 %) until everything converged.
        CliRun? apply = null;
        for (var attempt = 0; attempt < 20 && apply?.Exit != 0; attempt++)
        {
            apply = await cf.ApplyAsync();
            if (apply.Exit != 0)
            {
                await Task.Delay(500);
            }
        }

        Assert.True(apply!.Exit == 0, apply.ToString());
        output.WriteLine($"converged; faults injected: {cf.Fake.Requests.Count(r => r.Fault != FakeFault.None)} of {cf.Fake.Requests.Count} requests");
        cf.Fake.Options.FaultRate = 0;
        var noop = await cf.ApplyAsync();
        Assert.True(noop.Exit == 0, noop.ToString());
        Assert.Contains("No changes.", noop.Stdout, StringComparison.Ordinal);

        var requests = cf.Fake.Requests;
        Assert.Contains(requests, r => r.Fault != FakeFault.None);

        // Nothing sent before a Retry-After (by any run, the killed one included).
        foreach (var limited in requests.Where(r => r.Status == 429))
        {
            var early = requests.Where(r => r.At > limited.At && r.At < limited.At + RetryAfter).ToList();
            Assert.True(early.Count == 0, $"sent before the Retry-After of {limited}: {string.Join(", ", early)}");
        }

        // The same content never uploaded twice to a script.
        var uploads = SuccessfulUploads(cf.Fake);
        var twice = uploads.GroupBy(u => u).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(twice.Count == 0, $"uploaded twice: {string.Join(", ", twice)}");

        // Nothing lost: every server's Worker is complete (done, secrets, workers.dev) and recorded as ready at its URL.
        using var list = JsonDocument.Parse((await cf.RunAsync("servers", "list", "--json")).Stdout);
        var servers = list.RootElement.GetProperty("servers").EnumerateArray().ToList();
        Assert.Equal(Servers, servers.Count);
        for (var i = 0; i < Servers; i++)
        {
            var script = ScriptNames.For(ServerIdentity.Local("local", cf.RepoName, $"server-{i:D2}"));
            var deployed = cf.Fake.Script(script);
            Assert.NotNull(deployed);
            Assert.True(deployed.WorkersDevEnabled, script);
            Assert.Contains(deployed.Tags, t => t.StartsWith("mcpsaas-content-", StringComparison.Ordinal));
            Assert.DoesNotContain(deployed.Tags, t => t.StartsWith("mcpsaas-pending-", StringComparison.Ordinal));
            Assert.Equal(SlackSecret, deployed.Secrets["MCP_SECRET_SLACK_BOTTOKEN"]);
            Assert.StartsWith("mcpu_", deployed.Secrets["MCP_USAGE_TOKEN"], StringComparison.Ordinal);
            var server = servers.Single(s => s.GetProperty("id").GetString() == $"local/{cf.RepoName}/server-{i:D2}");
            Assert.Equal("ready", server.GetProperty("state").GetString());
            Assert.Equal($"https://{script}.{cf.Fake.Options.Subdomain}.workers.dev/mcp", server.GetProperty("url").GetString());
        }

        Assert.Equal(Servers, cf.Fake.Scripts.Count);
        SecretHygiene.AssertOnlyInSecretBodies(requests, cf.Fake.ApiToken, [SlackSecret]);
        SecretHygiene.AssertNoneIn(killed + cf.Printed, [cf.Fake.ApiToken, SlackSecret], "the CLI's output");
    }

    /// <summary>(script, content hash prefix) of every upload Cloudflare accepted, in order.</summary>
    private static List<string> SuccessfulUploads(FakeCloudflareApi fake) =>
        [.. fake.Requests
            .Where(r => r.Method == "PUT" && r.Status == 200 && Regex.IsMatch(r.Path, "/workers/scripts/[^/]+$"))
            .Select(r => $"{r.Path[(r.Path.LastIndexOf('/') + 1)..]} {ContentTag().Match(r.BodyText).Groups[1].Value}")];

    [GeneratedRegex("\"mcpsaas-(?:content|pending)-([0-9a-f]{16})\"")]
    private static partial Regex ContentTag();
}
