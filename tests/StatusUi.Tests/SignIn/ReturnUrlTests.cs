using McpSaas.StatusUi.SignIn;

namespace McpSaas.StatusUi.Tests.SignIn;

/// <summary>
/// Where a sign-in (and the welcome page's "Continue") may send a browser: a path of this site only. Browsers drop
/// tabs and line breaks from a URL before reading it, so <c>/&lt;TAB&gt;/evil.example</c> is <c>//evil.example</c> to them.
/// </summary>
public sealed class ReturnUrlTests
{
    [Theory]
    [InlineData("/")]
    [InlineData("/orgs/acme/secrets")]
    [InlineData("/orgs/acme/builder?server=tools/reader&x=%2F%2Fevil.example")]
    [InlineData("/orgs/acme#keys")]
    public void IsLocal_PathOfThisSite_IsAccepted(string url) => Assert.True(SignInEndpoints.IsLocal(url));

    [Theory]
    [InlineData("")]
    [InlineData("//evil.example")]
    [InlineData("/\\evil.example")]
    [InlineData("https://evil.example/")]
    [InlineData("evil.example")]
    [InlineData("/\t/evil.example")]
    [InlineData("/\t\\evil.example")]
    [InlineData("/\n/evil.example")]
    [InlineData("/\r/evil.example")]
    [InlineData("/orgs/acme\u0000")]
    [InlineData("/orgs/\u007facme")]
    [InlineData("/orgs/acme\u0085")]
    public void IsLocal_AnotherHostOrAControlCharacter_IsRefused(string url) => Assert.False(SignInEndpoints.IsLocal(url));
}
