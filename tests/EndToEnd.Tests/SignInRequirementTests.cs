using System.Net;
using System.Text.RegularExpressions;
using McpSaas.EndToEnd.Tests.Support;

namespace McpSaas.EndToEnd.Tests;

/// <summary>
/// Where sign-in is required (issue #14): <c>serve</c> refuses to listen beyond loopback without it, naming the keys,
/// and refuses an incomplete sign-in configuration at start; <c>up</c> on loopback never asks anyone to sign in, whatever
/// the environment holds. Nothing here ever listens beyond loopback: the address refused is a documentation address
/// (RFC 5737) this machine does not have, so even a regression could not bind it.
/// </summary>
[Collection(nameof(LocalRuntimeCollection))]
public sealed class SignInRequirementTests : IDisposable
{
    private const string Secret = "e2e-webhook-secret-0123456789abcdef";

    private readonly TempDir _data = new("mcpsaas-e2e-signin");

    public void Dispose() => _data.Dispose();

    private static async Task<int?> ExitOfAsync(CliProcess process)
    {
        var exit = await process.WaitForExitAsync(TimeSpan.FromSeconds(60));
        if (exit is null)
        {
            process.Signal("KILL");
            await process.WaitForExitAsync(TimeSpan.FromSeconds(10));
        }

        return exit;
    }

    [Fact]
    public async Task Serve_BeyondLoopback_WithoutSignIn_RefusesToStart_NamingTheKeys()
    {
        var environment = new Dictionary<string, string> { ["MCPSAAS_GitHub__WebhookSecret"] = Secret };
        using var serve = new CliProcess(_data.Path, false, environment, "serve", "--urls", "http://192.0.2.1:8080");

        var exit = await ExitOfAsync(serve);

        Assert.True(exit == 2, serve.ToString());
        Assert.Contains("refusing to listen on http://192.0.2.1:8080/ (beyond loopback) without sign-in for the status UI", serve.Stderr, StringComparison.Ordinal);
        foreach (var key in new[] { "MCPSAAS_SignIn__ClientId", "MCPSAAS_SignIn__ClientSecret", "MCPSAAS_SignIn__AppSlug" })
        {
            Assert.Contains(key, serve.Stderr, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("McpSaas is serving", serve.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_WithoutAGitHubApp_RefusesToStart_NamingTheKeys_WithoutAStackTrace()
    {
        var port = McpSaas.Reconciler.Platforms.Local.LoopbackPorts.Any();
        using var serve = new CliProcess(_data.Path, false, new Dictionary<string, string>(), "serve", "--urls", $"http://127.0.0.1:{port}");

        var exit = await ExitOfAsync(serve);

        Assert.True(exit == 2, serve.ToString());
        Assert.Contains("no GitHub App is configured", serve.Stderr, StringComparison.Ordinal);
        foreach (var key in new[] { "MCPSAAS_GitHub__ClientId", "MCPSAAS_GitHub__PrivateKeyFile", "MCPSAAS_GitHub__WebhookSecret" })
        {
            Assert.Contains(key, serve.Stderr, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("   at ", serve.Stderr + serve.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("McpSaas is serving", serve.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("MCPSAAS_GitHub__AppId", "GitHub:AppId", "a whole number")]
    [InlineData("MCPSAAS_Jobs__MaxAttempts", "Jobs:MaxAttempts", "a whole number")]
    [InlineData("MCPSAAS_Scheduling__ReconcileInterval", "Scheduling:ReconcileInterval", "a duration")]
    public async Task Serve_AValueOfTheWrongType_RefusesToStart_NamingTheKey_WithoutAStackTrace(string variable, string key, string expected)
    {
        var port = McpSaas.Reconciler.Platforms.Local.LoopbackPorts.Any();
        using var rsa = System.Security.Cryptography.RSA.Create(2048);
        var environment = new Dictionary<string, string>
        {
            ["MCPSAAS_GitHub__AppId"] = "424242",
            ["MCPSAAS_GitHub__PrivateKey"] = rsa.ExportRSAPrivateKeyPem(),
            ["MCPSAAS_GitHub__WebhookSecret"] = Secret,
            [variable] = "not-a-value-of-that-type",
        };
        using var serve = new CliProcess(_data.Path, false, environment, "serve", "--urls", $"http://127.0.0.1:{port}");

        var exit = await ExitOfAsync(serve);

        Assert.True(exit == 2, serve.ToString());
        Assert.Contains($"{key} ({variable}) is not {expected}", serve.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", serve.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", serve.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Hosting failed to start", serve.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("McpSaas is serving", serve.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Up_AValueOfTheWrongType_RefusesToStart_NamingTheKey_WithoutAStackTrace()
    {
        using var up = new CliProcess(_data.Path, false, new Dictionary<string, string> { ["MCPSAAS_State__BusyTimeout"] = "soon" }, "up");

        var exit = await ExitOfAsync(up);

        Assert.True(exit == 2, up.ToString());
        Assert.Contains("State:BusyTimeout (MCPSAAS_State__BusyTimeout) is not a duration", up.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", up.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("McpSaas is up", up.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_WithAnIncompleteGitHubApp_SaysWhatIsMissing_OnStderrOnly_WithoutAStackTraceAnywhere()
    {
        var port = McpSaas.Reconciler.Platforms.Local.LoopbackPorts.Any();
        using var serve = new CliProcess(_data.Path, false, new Dictionary<string, string> { ["MCPSAAS_GitHub__AppId"] = "12" }, "serve", "--urls", $"http://127.0.0.1:{port}");

        var exit = await ExitOfAsync(serve);

        Assert.True(exit == 2, serve.ToString());
        Assert.Contains("GitHub:PrivateKey is empty: set MCPSAAS_GitHub__PrivateKeyFile", serve.Stderr, StringComparison.Ordinal);
        Assert.Contains("GitHub:WebhookSecret is empty", serve.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Hosting failed to start", serve.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", serve.Stdout + serve.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_WithAnIncompleteSignIn_RefusesToStart_NamingEachKeyAndItsFix()
    {
        var port = McpSaas.Reconciler.Platforms.Local.LoopbackPorts.Any();
        using var key = System.Security.Cryptography.RSA.Create(2048);
        var environment = new Dictionary<string, string>
        {
            // A complete GitHub App (serve's GitOps needs one), and sign-in with only its client id and a plain-http API.
            ["MCPSAAS_GitHub__AppId"] = "424242",
            ["MCPSAAS_GitHub__PrivateKey"] = key.ExportRSAPrivateKeyPem(),
            ["MCPSAAS_GitHub__WebhookSecret"] = Secret,
            ["MCPSAAS_SignIn__ClientId"] = "Iv23liExample",
            ["MCPSAAS_SignIn__ApiBaseUrl"] = "http://api.example.com",
        };
        using var serve = new CliProcess(_data.Path, false, environment, "serve", "--urls", $"http://127.0.0.1:{port}");

        var exit = await ExitOfAsync(serve);

        Assert.True(exit == 2, serve.ToString());
        Assert.Contains("SignIn:ClientSecret is empty: set MCPSAAS_SignIn__ClientSecret to a client secret of the App", serve.Stderr, StringComparison.Ordinal);
        Assert.Contains("SignIn:AppSlug is empty: set MCPSAAS_SignIn__AppSlug to the App's URL name", serve.Stderr, StringComparison.Ordinal);
        Assert.Contains("SignIn:ApiBaseUrl 'http://api.example.com' is not an https URL", serve.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", serve.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("McpSaas is serving", serve.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Up_OnLoopback_AsksNobodyToSignIn_EvenWithSignInKeysInTheEnvironment()
    {
        // Keys that would make serve require (and refuse) sign-in: up ignores them, its local user needs none.
        var environment = new Dictionary<string, string> { ["MCPSAAS_SignIn__ClientId"] = "Iv23liExample", ["MCPSAAS_SignIn__AppSlug"] = "mcpsaas" };
        using var up = new CliProcess(_data.Path, false, environment, "up");
        try
        {
            Assert.True(await up.WaitForOutputAsync(o => o.Contains("key 'default'", StringComparison.Ordinal), TimeSpan.FromSeconds(90)), up.ToString());
            var ui = Regex.Match(up.Stdout, @"Status UI:\s+(http://127\.0\.0\.1:\d+)/orgs/local").Groups[1].Value;
            Assert.True(ui.Length > 0, up.ToString());

            using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(30) };
            using (var overview = await http.GetAsync(new Uri($"{ui}/orgs/local")))
            {
                Assert.Equal(HttpStatusCode.OK, overview.StatusCode);
                var html = await overview.Content.ReadAsStringAsync();
                Assert.Contains("docs-reader", html, StringComparison.Ordinal);
                Assert.DoesNotContain("Sign in with GitHub", html, StringComparison.Ordinal);
            }

            using (var signIn = await http.GetAsync(new Uri($"{ui}/signin")))
            {
                Assert.Equal(HttpStatusCode.NotFound, signIn.StatusCode);
            }

            using var api = await http.GetAsync(new Uri($"{ui}/api/orgs/local/overview"));
            Assert.Equal(HttpStatusCode.OK, api.StatusCode);
        }
        finally
        {
            up.Signal("TERM");
            await up.WaitForExitAsync(TimeSpan.FromSeconds(20));
        }
    }
}
