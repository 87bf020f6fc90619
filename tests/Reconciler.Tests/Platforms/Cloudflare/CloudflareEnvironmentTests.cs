using McpSaas.Reconciler.Platforms.Cloudflare;

namespace McpSaas.Reconciler.Tests.Platforms.Cloudflare;

/// <summary>The Cloudflare target's configuration from environment variables: every problem named with its variable and fix, the token never echoed.</summary>
public sealed class CloudflareEnvironmentTests
{
    private const string Token = "cf-token-that-must-never-be-printed-0123456789";

    [Fact]
    public void Nothing_Set_NamesEveryRequiredVariable()
    {
        var read = CloudflareEnvironment.Read(_ => null);

        Assert.Contains(read.Problems, p => p.StartsWith("MCPSAAS_Cloudflare__AccountId is not set", StringComparison.Ordinal));
        Assert.Contains(read.Problems, p => p.StartsWith("MCPSAAS_Cloudflare__ApiToken is not set", StringComparison.Ordinal) && p.Contains("Workers Scripts Edit", StringComparison.Ordinal));
        Assert.Contains(read.Problems, p => p.StartsWith("MCPSAAS_PublicBaseUrl is not set", StringComparison.Ordinal) && p.Contains("/api/usage", StringComparison.Ordinal));
    }

    [Fact]
    public void ValidValues_AreRead_WithNoProblem()
    {
        var read = CloudflareEnvironment.Read(Variables(new()
        {
            ["MCPSAAS_Cloudflare__AccountId"] = "0123456789abcdef0123456789abcdef",
            ["MCPSAAS_Cloudflare__ApiToken"] = Token,
            ["MCPSAAS_Cloudflare__ApiBaseUrl"] = "http://127.0.0.1:9/client/v4",
            ["MCPSAAS_Cloudflare__RequestBudget"] = "600",
            ["MCPSAAS_Cloudflare__RequestTimeout"] = "00:00:05",
            ["MCPSAAS_PublicBaseUrl"] = "https://mcpsaas.example.com/",
        }));

        Assert.Empty(read.Problems);
        Assert.Equal(600, read.Api.RequestBudget);
        Assert.Equal(TimeSpan.FromSeconds(5), read.Api.RequestTimeout);
        Assert.Equal("https://mcpsaas.example.com/api/usage", read.Platform.UsageUrl);
        var copy = new CloudflareOptions();
        read.CopyTo(copy);
        Assert.Equal(("http://127.0.0.1:9/client/v4", 600), (copy.ApiBaseUrl, copy.RequestBudget));
    }

    [Theory]
    [InlineData("MCPSAAS_Cloudflare__RequestBudget", "lots", "MCPSAAS_Cloudflare__RequestBudget 'lots' is not a whole number")]
    [InlineData("MCPSAAS_Cloudflare__MaxBudgetWait", "5 minutes", "MCPSAAS_Cloudflare__MaxBudgetWait '5 minutes' is not a duration")]
    [InlineData("MCPSAAS_Cloudflare__RequestBudget", "0", "MCPSAAS_Cloudflare__RequestBudget is 0: set it between 1 and")]
    [InlineData("MCPSAAS_PublicBaseUrl", "http://mcpsaas.example.com", "MCPSAAS_PublicBaseUrl 'http://mcpsaas.example.com' is not an https URL")]
    [InlineData("MCPSAAS_PublicBaseUrl", "https://mcpsaas.example.com/?a=b", "MCPSAAS_PublicBaseUrl 'https://mcpsaas.example.com/?a=b' is not an https URL")]
    [InlineData("MCPSAAS_Cloudflare__ApiBaseUrl", "http://api.example.com/client/v4", "MCPSAAS_Cloudflare__ApiBaseUrl 'http://api.example.com/client/v4' is not an https URL")]
    public void ABadValue_IsNamed_WithTheFix(string variable, string value, string expected)
    {
        var values = new Dictionary<string, string>
        {
            ["MCPSAAS_Cloudflare__AccountId"] = "0123456789abcdef0123456789abcdef",
            ["MCPSAAS_Cloudflare__ApiToken"] = Token,
            ["MCPSAAS_PublicBaseUrl"] = "https://mcpsaas.example.com",
        };
        values[variable] = value;

        var read = CloudflareEnvironment.Read(Variables(values));

        Assert.Contains(read.Problems, p => p.StartsWith(expected, StringComparison.Ordinal));
        Assert.All(read.Problems, p => Assert.DoesNotContain(Token, p, StringComparison.Ordinal));
    }

    [Fact]
    public void ATokenWithWhitespace_IsRefused_WithoutEchoingIt()
    {
        var read = CloudflareEnvironment.Read(Variables(new()
        {
            ["MCPSAAS_Cloudflare__AccountId"] = "0123456789abcdef0123456789abcdef",
            ["MCPSAAS_Cloudflare__ApiToken"] = "Bearer " + Token,
            ["MCPSAAS_PublicBaseUrl"] = "https://mcpsaas.example.com",
        }));

        var problem = Assert.Single(read.Problems);
        Assert.StartsWith("MCPSAAS_Cloudflare__ApiToken contains whitespace", problem, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, problem, StringComparison.Ordinal);
    }

    private static Func<string, string?> Variables(Dictionary<string, string> values) => name => values.TryGetValue(name, out var v) ? v : null;
}
