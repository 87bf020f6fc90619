using McpSaas.Schema.Secrets;

namespace McpSaas.Schema.Tests.Secrets;

public sealed class FlaggedValueRedactorTests
{
    [Fact]
    public void Redact_ReplacesEveryOccurrence_LongestValueFirst()
    {
        var redactor = new FlaggedValueRedactor(["Secret1234", "Secret1234567890", "OtherValue99"]);

        Assert.Equal("a [redacted] b [redacted]; [redacted].", redactor.Redact("a Secret1234567890 b Secret1234; OtherValue99."));
        Assert.Equal("nothing here", redactor.Redact("nothing here"));
        Assert.Equal("[redacted][redacted]", redactor.Redact("Secret1234OtherValue99"));
    }

    [Fact]
    public void Redact_WithoutValues_ReturnsTheSameString()
    {
        const string text = "unknown field 'k1'";

        Assert.Same(text, new FlaggedValueRedactor([]).Redact(text));
    }

    [Fact]
    public void Redact_TenThousandValues_TenThousandTexts_IsLinear()
    {
        var values = Enumerable.Range(0, 10_000).Select(i => $"ghp_{i:D36}").ToList();
        var redactor = new FlaggedValueRedactor(values);

        var redacted = values.Select(v => redactor.Redact($"looks like a credential near {v} (a GitHub token)")).ToList();

        Assert.All(redacted, r => Assert.Equal("looks like a credential near [redacted] (a GitHub token)", r));
    }
}
