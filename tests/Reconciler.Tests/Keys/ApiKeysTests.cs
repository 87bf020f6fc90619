using System.Security.Cryptography;
using System.Text;
using McpSaas.Reconciler.Keys;

namespace McpSaas.Reconciler.Tests.Keys;

public sealed class ApiKeysTests
{
    [Fact]
    public void Generate_MakesAPrefixedBase64UrlKey_WithItsHashAndKeyId()
    {
        var generated = ApiKeys.Generate();
        var key = generated.Key.Reveal();

        Assert.StartsWith("mcps_", key, StringComparison.Ordinal);
        Assert.Equal(5 + 43, key.Length);
        Assert.All(key[5..], c => Assert.True(char.IsAsciiLetterOrDigit(c) || c is '-' or '_', $"'{c}' is not base64url"));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key))), generated.Hash);
        Assert.Equal(generated.Hash[..12], generated.KeyId);
        Assert.DoesNotContain(key, generated.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_NeverRepeats()
    {
        var keys = Enumerable.Range(0, 200).Select(_ => ApiKeys.Generate().Key.Reveal()).ToHashSet();

        Assert.Equal(200, keys.Count);
    }

    [Fact]
    public void Hash_IsLowercaseHexSha256_OfKnownInput()
    {
        Assert.Equal("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824", ApiKeys.Hash("hello"));
        Assert.Equal("2cf24dba5fb0", ApiKeys.KeyIdOf(ApiKeys.Hash("hello")));
    }

    [Theory]
    [InlineData("ABCDEF")]
    [InlineData("2CF24DBA5FB0A30E26E83B2AC5B9E29E1B161E5C1FA7425E73043362938B9824")]
    public void KeyIdOf_RefusesWhatIsNotALowercaseHash(string text) =>
        Assert.Throws<ArgumentException>(() => ApiKeys.KeyIdOf(text));

    [Fact]
    public void Matches_OnlyTheKeyWhoseHashIsStored()
    {
        var generated = ApiKeys.Generate();

        Assert.True(ApiKeys.Matches(generated.Key.Reveal(), generated.Hash));
        Assert.False(ApiKeys.Matches(generated.Key.Reveal() + "x", generated.Hash));
        Assert.False(ApiKeys.Matches(generated.Key.Reveal(), null));
        Assert.False(ApiKeys.Matches(null, generated.Hash));
        Assert.False(ApiKeys.Matches(generated.Hash, generated.Hash));
    }

    [Fact]
    public void FixedTimeEquals_ComparesContentAndLength()
    {
        Assert.True(ApiKeys.FixedTimeEquals("abc", "abc"));
        Assert.False(ApiKeys.FixedTimeEquals("abc", "abd"));
        Assert.False(ApiKeys.FixedTimeEquals("abc", "abcd"));
    }
}
