using System.Text;
using McpSaas.GitHub.Webhooks;

namespace McpSaas.GitHub.Tests.Webhooks;

public sealed class WebhookSignatureTests
{
    private const string Secret = "It's a Secret to Everybody";
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("Hello, World!");

    [Fact]
    public void Compute_MatchesGitHubsDocumentedTestVector()
    {
        Assert.Equal("sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17", WebhookSignature.Compute(Secret, Body));
    }

    [Theory]
    [InlineData("sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17", WebhookSignatureResult.Valid)]
    [InlineData("sha256=757107EA0EB2509FC211221CCE984B8A37570B6D7586C22C46F4379C8B043E17", WebhookSignatureResult.Valid)]
    [InlineData("sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e18", WebhookSignatureResult.Mismatch)]
    [InlineData("sha1=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17", WebhookSignatureResult.Malformed)]
    [InlineData("sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e1", WebhookSignatureResult.Malformed)]
    [InlineData("sha256=zz7107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17", WebhookSignatureResult.Malformed)]
    [InlineData("", WebhookSignatureResult.Missing)]
    [InlineData(null, WebhookSignatureResult.Missing)]
    public void Verify_ReturnsTheOutcome_ForEachKindOfHeader(string? header, WebhookSignatureResult expected)
    {
        Assert.Equal(expected, WebhookSignature.Verify(Secret, Body, header));
    }

    [Fact]
    public void Verify_IsMismatch_WhenOneByteOfTheBodyChanges()
    {
        var header = WebhookSignature.Compute(Secret, Body);
        var changed = Encoding.UTF8.GetBytes("Hello, World?");
        Assert.Equal(WebhookSignatureResult.Mismatch, WebhookSignature.Verify(Secret, changed, header));
        Assert.Equal(WebhookSignatureResult.Mismatch, WebhookSignature.Verify("another secret", Body, header));
    }
}
