using McpSaas.Reconciler.Secrets;

namespace McpSaas.Reconciler.Tests.Secrets;

public sealed class SecretCipherTests
{
    private static readonly SecretsKey Key = new(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray(), "test");

    [Fact]
    public void Seal_UsesAFreshNonceEachTime_SoEqualValuesLookDifferent()
    {
        var a = SecretCipher.Seal(Key, "acme", null, "token", 1, new SecretValue("same"));
        var b = SecretCipher.Seal(Key, "acme", null, "token", 1, new SecretValue("same"));

        Assert.Equal(12, a.Nonce.Length);
        Assert.NotEqual(a.Nonce.ToArray(), b.Nonce.ToArray());
        Assert.NotEqual(a.CiphertextAndTag.ToArray(), b.CiphertextAndTag.ToArray());
        Assert.Equal("same".Length + 16, a.CiphertextAndTag.Length);
    }

    [Theory]
    [InlineData("other", null, "token", 1)]
    [InlineData("acme", "tools", "token", 1)]
    [InlineData("acme", null, "tokens", 1)]
    [InlineData("acme", null, "token", 2)]
    public void Open_WithAnyOtherBinding_Fails(string org, string? repo, string name, int version)
    {
        var sealedValue = SecretCipher.Seal(Key, "acme", null, "token", 1, new SecretValue("v"));

        Assert.Equal("v", SecretCipher.Open(Key, "acme", null, "token", 1, sealedValue)!.Reveal());
        Assert.Null(SecretCipher.Open(Key, org, repo, name, version, sealedValue));
    }

    [Fact]
    public void AssociatedData_IsUnambiguous_AcrossFieldBoundaries()
    {
        Assert.NotEqual(
            SecretCipher.AssociatedData("ab", "c", "d", 1),
            SecretCipher.AssociatedData("a", "bc", "d", 1));
    }
}
