using McpSaas.StatusUi.SignIn;
using Microsoft.Extensions.Configuration;

namespace McpSaas.StatusUi.Tests.SignIn;

public sealed class SignInOptionsValidatorTests
{
    private const string Secret = "0123456789abcdef0123456789abcdef01234567";

    private static SignInOptions Complete() => new()
    {
        ClientId = "Iv23liAbCdEf012345",
        ClientSecret = Secret,
        AppSlug = "mcpsaas",
    };

    private static IReadOnlyList<string> Failures(SignInOptions options) =>
        new SignInOptionsValidator().Validate(null, options) is { Failed: true } result ? [.. result.Failures!] : [];

    [Fact]
    public void NothingSet_IsSignInOff_AndValid()
    {
        var options = new SignInOptions();

        Assert.False(options.IsConfigured);
        Assert.Empty(Failures(options));
    }

    [Fact]
    public void Complete_IsValid_WithGitHubsEndpoints()
    {
        var options = Complete();

        Assert.Empty(Failures(options));
        Assert.Equal("https://github.com/login/oauth/authorize", options.EffectiveAuthorizationEndpoint);
        Assert.Equal("https://github.com/login/oauth/access_token", options.EffectiveTokenEndpoint);
        Assert.Equal("https://github.com/apps/mcpsaas/installations/new", options.InstallUrl);
    }

    [Fact]
    public void OneKeySet_MakesTheOthersRequired_EachNamedWithItsEnvironmentKeyAndTheFix()
    {
        var failures = Failures(new SignInOptions { ClientId = "Iv23liAbCdEf012345" });

        Assert.Equal(2, failures.Count);
        Assert.StartsWith("SignIn:ClientSecret is empty: set MCPSAAS_SignIn__ClientSecret to a client secret of the App (App settings → Generate a new client secret)", failures[0], StringComparison.Ordinal);
        Assert.StartsWith("SignIn:AppSlug is empty: set MCPSAAS_SignIn__AppSlug to the App's URL name (https://github.com/apps/<slug>)", failures[1], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ApiBaseUrl", "http://api.example.com", "SignIn:ApiBaseUrl 'http://api.example.com' is not an https URL without credentials (http only on loopback): set MCPSAAS_SignIn__ApiBaseUrl to https://api.github.com")]
    [InlineData("AuthorizationEndpoint", "https://user:pw@github.example.com/login/oauth/authorize", "SignIn:AuthorizationEndpoint 'https://***@github.example.com/login/oauth/authorize' is not an https URL without credentials")]
    [InlineData("TokenEndpoint", "not a url", "SignIn:TokenEndpoint 'not a url' is not an https URL without credentials (http only on loopback): set MCPSAAS_SignIn__TokenEndpoint to https://github.com/login/oauth/access_token (or leave it unset)")]
    [InlineData("AppSlug", "My App", "SignIn:AppSlug 'My App' is not an App slug: use the lowercase name in https://github.com/apps/<slug>")]
    [InlineData("ClientId", "Iv23 li", "SignIn:ClientId 'Iv23 li' is not a client id: copy it from the App's settings")]
    [InlineData("AccessCacheDuration", "00:30:00", "SignIn:AccessCacheDuration is 00:30:00: use 00:00:00 to 00:10:00")]
    [InlineData("SessionLifetime", "00:01:00", "SignIn:SessionLifetime is 00:01:00: use 00:05:00 to 1.00:00:00")]
    public void ABadValue_IsRefused_NamingTheKeyAndTheFix(string key, string value, string expected)
    {
        var options = Complete();
        new ConfigurationBuilder().AddInMemoryCollection([new(key, value)]).Build().Bind(options);

        var failure = Assert.Single(Failures(options));

        Assert.StartsWith(expected, failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://127.0.0.1:8081/api/v3")]
    [InlineData("http://localhost:8081/api/v3")]
    [InlineData("http://[::1]:8081/api/v3")]
    public void PlainHttp_IsAcceptedOnLoopbackOnly(string url)
    {
        var options = Complete();
        options.ApiBaseUrl = url;

        Assert.Empty(Failures(options));
    }

    [Fact]
    public void TheClientSecret_IsNeverEchoed()
    {
        var options = Complete();
        options.ClientId = "";
        options.AppSlug = "Not A Slug";
        options.ApiBaseUrl = $"https://x:{Secret}@api.example.com";

        var failures = Failures(options);

        Assert.Equal(3, failures.Count);
        Assert.All(failures, f => Assert.DoesNotContain(Secret, f, StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("SignIn:ApiBaseUrl 'https://***@api.example.com/' is not an https URL without credentials", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("SignIn:ClientId is empty: set MCPSAAS_SignIn__ClientId", StringComparison.Ordinal));
    }

    [Fact]
    public void IsConfiguredIn_IsAnyOfTheKeysThatTurnSignInOn()
    {
        IConfiguration Config(params (string Key, string Value)[] pairs) =>
            new ConfigurationBuilder().AddInMemoryCollection(pairs.Select(p => new KeyValuePair<string, string?>(p.Key, p.Value))).Build();

        Assert.False(SignInOptions.IsConfiguredIn(Config()));
        Assert.False(SignInOptions.IsConfiguredIn(Config(("SignIn:ApiBaseUrl", "https://api.github.com"), ("SignIn:ClientId", " "))));
        Assert.True(SignInOptions.IsConfiguredIn(Config(("SignIn:ClientId", "Iv23li"))));
        Assert.True(SignInOptions.IsConfiguredIn(Config(("SignIn:ClientSecret", "s"))));
        Assert.True(SignInOptions.IsConfiguredIn(Config(("SignIn:AppSlug", "mcpsaas"))));
    }
}
