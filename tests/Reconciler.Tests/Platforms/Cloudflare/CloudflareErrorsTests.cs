using McpSaas.Reconciler.Platforms.Cloudflare;

namespace McpSaas.Reconciler.Tests.Platforms.Cloudflare;

public sealed class CloudflareErrorsTests
{
    [Theory]
    [InlineData(429, new int[0], CloudflareErrorKind.RateLimited, CloudflareErrorClass.Transient)]
    [InlineData(429, new[] { 971 }, CloudflareErrorKind.RateLimited, CloudflareErrorClass.Transient)]
    [InlineData(500, new int[0], CloudflareErrorKind.ServerError, CloudflareErrorClass.Transient)]
    [InlineData(503, new int[0], CloudflareErrorKind.ServerError, CloudflareErrorClass.Transient)]
    [InlineData(409, new[] { 10035 }, CloudflareErrorKind.ConcurrentModification, CloudflareErrorClass.Transient)]
    [InlineData(400, new[] { 10021, 10035 }, CloudflareErrorKind.ConcurrentModification, CloudflareErrorClass.Transient)]
    [InlineData(412, new[] { 10079 }, CloudflareErrorKind.MigrationTagMismatch, CloudflareErrorClass.Transient)]
    [InlineData(404, new[] { 10007 }, CloudflareErrorKind.NotFound, CloudflareErrorClass.Transient)]
    [InlineData(403, new[] { 10000 }, CloudflareErrorKind.Authentication, CloudflareErrorClass.Stalled)]
    [InlineData(401, new int[0], CloudflareErrorKind.Authentication, CloudflareErrorClass.Stalled)]
    [InlineData(403, new[] { 10023 }, CloudflareErrorKind.MissingPermission, CloudflareErrorClass.Stalled)]
    [InlineData(403, new[] { 9109 }, CloudflareErrorKind.MissingPermission, CloudflareErrorClass.Stalled)]
    [InlineData(400, new[] { 10027 }, CloudflareErrorKind.ScriptTooLarge, CloudflareErrorClass.Stalled)]
    [InlineData(413, new int[0], CloudflareErrorKind.ScriptTooLarge, CloudflareErrorClass.Stalled)]
    [InlineData(400, new[] { 10037 }, CloudflareErrorKind.TooManyScripts, CloudflareErrorClass.Stalled)]
    [InlineData(400, new[] { 10021 }, CloudflareErrorKind.Validation, CloudflareErrorClass.Stalled)]
    [InlineData(400, new[] { 10006 }, CloudflareErrorKind.Validation, CloudflareErrorClass.Stalled)]
    [InlineData(400, new[] { 10054 }, CloudflareErrorKind.SecretTooLarge, CloudflareErrorClass.Stalled)]
    [InlineData(400, new[] { 10055 }, CloudflareErrorKind.TooManyBindings, CloudflareErrorClass.Stalled)]
    [InlineData(400, new[] { 10016 }, CloudflareErrorKind.InvalidScriptName, CloudflareErrorClass.Stalled)]
    [InlineData(400, new[] { 10057 }, CloudflareErrorKind.BindingNotFound, CloudflareErrorClass.Stalled)]
    [InlineData(400, new[] { 10061 }, CloudflareErrorKind.DurableObjects, CloudflareErrorClass.Stalled)]
    [InlineData(400, new[] { 10097 }, CloudflareErrorKind.DurableObjects, CloudflareErrorClass.Stalled)]
    [InlineData(400, new[] { 99999 }, CloudflareErrorKind.Unexpected, CloudflareErrorClass.Stalled)]
    [InlineData(418, new int[0], CloudflareErrorKind.Unexpected, CloudflareErrorClass.Stalled)]
    public void Classify_MapsCodesFirst_ThenStatus(int status, int[] codes, CloudflareErrorKind kind, CloudflareErrorClass @class)
    {
        var actual = CloudflareErrors.Classify(status, codes);

        Assert.Equal(kind, actual);
        Assert.Equal(@class, CloudflareErrors.ClassOf(actual));
    }

    [Fact]
    public void ClassOf_TheBudget_IsDeferred_NotAFailure() =>
        Assert.Equal(CloudflareErrorClass.Deferred, CloudflareErrors.ClassOf(CloudflareErrorKind.BudgetExhausted));

    [Fact]
    public void Describe_SaysWhatToDo_ForEveryKind()
    {
        var op = new CloudflareOperation("upload", "upload of script 'mcp-a'", "mcp-a", Writes: true);
        foreach (var kind in Enum.GetValues<CloudflareErrorKind>())
        {
            var message = CloudflareErrors.Describe(kind, op, "0123456789abcdef0123456789abcdef", 400, "10021: boom", DateTimeOffset.UnixEpoch);
            Assert.False(string.IsNullOrWhiteSpace(message));
            Assert.Contains(": ", message, StringComparison.Ordinal); // what happened: what to do
        }

        Assert.Contains("'Account · Workers Scripts · Edit'", CloudflareErrors.Describe(CloudflareErrorKind.MissingPermission, op, "acct", 403, "10023: x", null), StringComparison.Ordinal);
        Assert.Contains("MCPSAAS_Cloudflare__ApiToken", CloudflareErrors.Describe(CloudflareErrorKind.Authentication, op, "acct", 403, "10000: x", null), StringComparison.Ordinal);
        Assert.Contains("10 MB", CloudflareErrors.Describe(CloudflareErrorKind.ScriptTooLarge, op, "acct", 400, "10027: x", null), StringComparison.Ordinal);
        Assert.Contains("delete Workers", CloudflareErrors.Describe(CloudflareErrorKind.TooManyScripts, op, "acct", 400, "10037: x", null), StringComparison.Ordinal);
    }

    [Fact]
    public void Describe_NoHttpAnswer_SaysWhatHappened_WithoutAnEmptyStatus()
    {
        var op = new CloudflareOperation("subdomain", "reading of the account's workers.dev subdomain", null, Writes: false);

        var message = CloudflareErrors.Describe(CloudflareErrorKind.Network, op, "acct", null, "ConnectionError", null);

        Assert.Contains("(ConnectionError)", message, StringComparison.Ordinal);
        Assert.DoesNotContain("HTTP :", message, StringComparison.Ordinal);
    }
}
