using McpSaas.Schema.Secrets;

namespace McpSaas.Schema.Tests.Secrets;

public sealed class CredentialDetectorTests
{
    [Theory]
    [InlineData("xoxb-2001234567-9876543210-AbCdEfGhIjKlMnOp", null, "a Slack token")]
    [InlineData("xoxp-not-a-real-token", null, "a Slack token")]
    [InlineData("token is xapp-1-A0123456789-abc", null, null)]
    [InlineData("ghp_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789", null, "a GitHub token")]
    [InlineData("gho_16C7e42F292c6912E7710c838347Ae178B4a", null, "a GitHub token")]
    [InlineData("ghs_abcdefABCDEF0123456789", null, "a GitHub token")]
    [InlineData("github_pat_11ABCDEFG0123456789_abcdefghijklmnop", null, "a GitHub token")]
    [InlineData("AKIAIOSFODNN7EXAMPLE", null, "an AWS access key id")]
    [InlineData("-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----", null, "a PEM private key")]
    [InlineData("-----BEGIN PRIVATE KEY-----", null, "a PEM private key")]
    [InlineData("Zk3vQ9pX7mN2bR8tL5wY1cH4", "apiKey", "a long random token in a field named 'apiKey'")]
    [InlineData("Zk3vQ9pX7mN2bR8tL5wY1cH4", "password", "a long random token in a field named 'password'")]
    [InlineData("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b", "clientSecret", "a long random token in a field named 'clientSecret'")]
    public void Detect_RecognisesCredentials(string value, string? field, string? kind) =>
        Assert.Equal(kind, CredentialDetector.Detect(value, field));

    [Theory]
    [InlineData("Zk3vQ9pX7mN2bR8tL5wY1cH4", "description")]
    [InlineData("github-readonly-token-for-acme-2024", "token")]
    [InlineData("slack-bot", "botToken")]
    [InlineData("Bot user OAuth token (xoxb-…) with channels:read", null)]
    [InlineData("ghp_", null)]
    [InlineData("https://api.github.com", "apiBaseUrl")]
    [InlineData("Slack + GitHub for the platform team", null)]
    [InlineData("AKIA1234", null)]
    public void Detect_LeavesOrdinaryValuesAlone(string value, string? field) =>
        Assert.Null(CredentialDetector.Detect(value, field));

    [Fact]
    public void Redact_RemovesEveryTokenForm()
    {
        var text = "a ghp_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789 b xoxb-2001234567-9876543210-AbCd c AKIAIOSFODNN7EXAMPLE";

        var redacted = CredentialDetector.Redact(text);

        Assert.Equal("a [redacted] b [redacted] c [redacted]", redacted);
    }
}
