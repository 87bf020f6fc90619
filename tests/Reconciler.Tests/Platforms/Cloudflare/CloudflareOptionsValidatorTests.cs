using System.Runtime.Versioning;
using McpSaas.Reconciler.Platforms.Cloudflare;
using McpSaas.Reconciler.Tests.Support;
using McpSaas.Testing.Fakes.Cloudflare;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace McpSaas.Reconciler.Tests.Platforms.Cloudflare;

[UnsupportedOSPlatform("windows")] // token files are checked for Unix modes
public sealed class CloudflareOptionsValidatorTests : IDisposable
{
    private const string Account = "0123456789abcdef0123456789abcdef";
    private const string Token = "cf-token-Xy7Qm2Lp9Rt4Vw8Zk3Nb6";
    private readonly TempDir _dir = new("mcpsaas-cf-options");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Valid_WithAccountAndToken_AndDefaults()
    {
        var result = Validate(new CloudflareOptions { AccountId = Account, ApiToken = Token });

        Assert.True(result.Succeeded, string.Join("\n", result.Failures ?? []));
    }

    [Fact]
    public void Defaults_AreTheDocumentedOnes()
    {
        var options = new CloudflareOptions();

        Assert.Equal("https://api.cloudflare.com/client/v4", options.ApiBaseUrl);
        Assert.Equal(1200, options.RequestBudget);
        Assert.Equal(TimeSpan.FromMinutes(5), options.RequestBudgetWindow);
        Assert.Equal(3, options.MaxAttempts);
    }

    [Fact]
    public void Empty_NamesEachMissingKey_AndTheFix()
    {
        var failures = Validate(new CloudflareOptions()).Failures!.ToList();

        Assert.Equal(2, failures.Count);
        Assert.Contains(failures, f => f.StartsWith("MCPSAAS_Cloudflare__AccountId is not set: set it to the Cloudflare account id", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("MCPSAAS_Cloudflare__ApiToken is not set: create an API token with the 'Workers Scripts Edit' permission", StringComparison.Ordinal)
            && f.Contains("MCPSAAS_Cloudflare__ApiTokenFile", StringComparison.Ordinal));
    }

    [Fact]
    public void EveryProblem_IsReported_NeverEchoingTheToken()
    {
        var result = Validate(new CloudflareOptions
        {
            AccountId = "acme",
            ApiToken = Token + " trailing",
            ApiBaseUrl = "http://api.example.com/client/v4",
            RequestBudget = 0,
            RequestBudgetWindow = TimeSpan.Zero,
            MaxBudgetWait = TimeSpan.FromHours(2),
            MaxAttempts = 0,
            RetryBaseDelay = TimeSpan.Zero,
            MaxRetryDelay = TimeSpan.FromHours(1),
            RequestTimeout = TimeSpan.Zero,
        });

        var failures = result.Failures!.ToList();
        Assert.Equal(10, failures.Count);
        Assert.Contains(failures, f => f.StartsWith("MCPSAAS_Cloudflare__AccountId 'acme' is not an account id", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("MCPSAAS_Cloudflare__ApiToken contains whitespace", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("MCPSAAS_Cloudflare__ApiBaseUrl 'http://api.example.com/client/v4' is not an https URL", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("MCPSAAS_Cloudflare__RequestBudget is 0: set it between 1 and", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("MCPSAAS_Cloudflare__RequestBudgetWindow is 00:00:00: set it between", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("MCPSAAS_Cloudflare__MaxBudgetWait is 02:00:00", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("MCPSAAS_Cloudflare__MaxAttempts is 0", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("MCPSAAS_Cloudflare__RetryBaseDelay is 00:00:00", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("MCPSAAS_Cloudflare__MaxRetryDelay is 01:00:00", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("MCPSAAS_Cloudflare__RequestTimeout is 00:00:00", StringComparison.Ordinal));
        Assert.DoesNotContain(failures, f => f.Contains(Token, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("http://127.0.0.1:5000/client/v4")]
    [InlineData("http://localhost:5000/client/v4")]
    [InlineData("https://api.cloudflare.com/client/v4/")]
    public void ApiBaseUrl_AcceptsHttps_AndHttpOnLoopback(string url) =>
        Assert.True(Validate(new CloudflareOptions { AccountId = Account, ApiToken = Token, ApiBaseUrl = url }).Succeeded);

    [Fact]
    public void TokenAndTokenFile_Together_AreRefused()
    {
        var file = _dir.Write("token", Token);
        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        var failure = Assert.Single(Validate(new CloudflareOptions { AccountId = Account, ApiToken = Token, ApiTokenFile = file }).Failures!);

        Assert.StartsWith("MCPSAAS_Cloudflare__ApiToken and MCPSAAS_Cloudflare__ApiTokenFile are both set: keep one", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void TokenFile_Missing_Empty_OrReadableByOthers_IsRefused_WithTheFix()
    {
        var missing = _dir.Combine("nope");
        var empty = _dir.Write("empty", "\n");
        File.SetUnixFileMode(empty, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var open = _dir.Write("open", Token);
        File.SetUnixFileMode(open, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);

        Assert.Contains("does not exist: write the API token into it", Single(missing), StringComparison.Ordinal);
        Assert.Contains("is empty: write the API token into it", Single(empty), StringComparison.Ordinal);
        Assert.Contains($"may be read by group or others: run chmod 600 '{open}'", Single(open), StringComparison.Ordinal);
        Assert.DoesNotContain(Token, Single(open), StringComparison.Ordinal);

        string Single(string path) => Assert.Single(Validate(new CloudflareOptions { AccountId = Account, ApiTokenFile = path }).Failures!);
    }

    [Fact]
    public async Task AddCloudflareApi_WithATokenFile_SendsTheFilesToken()
    {
        await using var fake = await FakeCloudflareApi.StartAsync(new FakeCloudflareOptions { RunWorkers = false });
        var file = _dir.Write("token", fake.ApiToken + "\n");
        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        await using var provider = new ServiceCollection()
            .AddCloudflareApi(o => { o.AccountId = fake.AccountId; o.ApiTokenFile = file; o.ApiBaseUrl = fake.BaseUrl; })
            .BuildServiceProvider();

        var scripts = await provider.GetRequiredService<ICloudflareClient>().ListScriptsAsync(null, CancellationToken.None);

        Assert.Empty(scripts);
        Assert.Equal($"Bearer {fake.ApiToken}", Assert.Single(fake.Requests).Headers["Authorization"]);
    }

    [Fact]
    public async Task AddCloudflareApi_BindsTheCloudflareSection_AndValidatesBeforeAnyCall()
    {
        await using var fake = await FakeCloudflareApi.StartAsync(new FakeCloudflareOptions { RunWorkers = false });
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Cloudflare:AccountId"] = "not-an-account",
            ["Cloudflare:ApiToken"] = Token,
            ["Cloudflare:ApiBaseUrl"] = fake.BaseUrl,
            ["Cloudflare:RequestBudget"] = "50",
        }).Build();
        await using var provider = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddCloudflareApi().BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<ICloudflareClient>());

        Assert.Contains("MCPSAAS_Cloudflare__AccountId 'not-an-account' is not an account id", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, error.Message, StringComparison.Ordinal);
        Assert.Empty(fake.Requests);

        configuration["Cloudflare:AccountId"] = fake.AccountId;
        await using var valid = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddCloudflareApi().BuildServiceProvider();
        var client = valid.GetRequiredService<ICloudflareClient>();
        Assert.Equal(50, client.Budget.Limit);
        Assert.Equal(fake.AccountId, client.AccountId);
    }

    private static ValidateOptionsResult Validate(CloudflareOptions options) => new CloudflareOptionsValidator().Validate(null, options);
}
