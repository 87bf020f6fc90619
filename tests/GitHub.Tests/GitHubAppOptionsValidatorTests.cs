using System.Security.Cryptography;

namespace McpSaas.GitHub.Tests;

public sealed class GitHubAppOptionsValidatorTests
{
    private static readonly string Pem = CreatePem();

    [Fact]
    public void Validate_Succeeds_WhenNothingIsConfigured()
    {
        Assert.True(new GitHubAppOptionsValidator().Validate(null, new GitHubAppOptions()).Succeeded);
    }

    [Fact]
    public void Validate_Succeeds_ForACompleteApp()
    {
        var options = new GitHubAppOptions { ClientId = "Iv23abc", PrivateKey = Pem, WebhookSecret = "s3cret" };
        Assert.True(new GitHubAppOptionsValidator().Validate(null, options).Succeeded);
    }

    [Fact]
    public void Validate_NamesEveryMissingKeyAndTheFix_AtOnce()
    {
        var result = new GitHubAppOptionsValidator().Validate(null, new GitHubAppOptions { WebhookSecret = "s3cret", ApiBaseUrl = "ftp://x" });

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.Contains("MCPSAAS_GitHub__ClientId", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.Contains("MCPSAAS_GitHub__PrivateKeyFile", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.Contains("MCPSAAS_GitHub__ApiBaseUrl", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_RefusesAKeyThatIsNotRsaPem_WithoutEchoingIt()
    {
        var options = new GitHubAppOptions { AppId = 5, PrivateKey = "not-a-key-SECRETVALUE", WebhookSecret = "s3cret" };

        var result = new GitHubAppOptionsValidator().Validate(null, options);

        var failure = Assert.Single(result.Failures!);
        Assert.Contains("GitHub:PrivateKey", failure, StringComparison.Ordinal);
        Assert.DoesNotContain("SECRETVALUE", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_RequiresTheWebhookSecret_OnceTheAppIsConfigured()
    {
        var result = new GitHubAppOptionsValidator().Validate(null, new GitHubAppOptions { AppId = 5, PrivateKey = Pem });

        Assert.Contains("MCPSAAS_GitHub__WebhookSecret", Assert.Single(result.Failures!), StringComparison.Ordinal);
    }

    private static string CreatePem()
    {
        using var rsa = RSA.Create(2048);
        return rsa.ExportRSAPrivateKeyPem();
    }
}
