using McpSaas.Reconciler.Platforms.Cloudflare;

namespace McpSaas.Reconciler.Tests.Platforms.Cloudflare;

public sealed class OwnershipTagsTests
{
    private const string Hash = "3F2C1AB9D0E8A7B6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2";

    [Theory]
    [InlineData("local", "local:local/examples/team-tools")]
    [InlineData("gh:123456", "gh:123456/789/team-tools")]
    public void Encode_ThenDecode_GivesTheOwnership(string owner, string stableKey)
    {
        var tags = OwnershipTags.Encode(owner, stableKey, Hash);

        Assert.True(OwnershipTags.TryDecode(tags, out var ownership));
        Assert.Equal(owner, ownership!.Owner);
        Assert.True(ownership.IsServer(stableKey));
        Assert.False(ownership.IsServer(stableKey + "x"));
        Assert.True(ownership.HasContent(Hash.ToLowerInvariant()));
        Assert.False(ownership.HasContent("0" + Hash[1..]));
        Assert.False(ownership.Pending);
        Assert.Equal(McpSaas.Reconciler.Desired.Ownership.KeyHash(stableKey[..(stableKey.LastIndexOf('/') + 1)]), ownership.RepoKey);
    }

    [Fact]
    public void RepoKey_IsTheHashedStablePrefixOfTheRepository()
    {
        var repo = new McpSaas.Reconciler.Desired.RepoContext("acme", "tools", InstallationId: 12, RepositoryId: 34);
        var local = new McpSaas.Reconciler.Desired.RepoContext("local", "examples");

        Assert.Equal(repo.RepoKey, OwnershipTags.RepoKeyOf(repo.Identity("team").StableKey));
        Assert.Equal(local.RepoKey, OwnershipTags.RepoKeyOf(local.Identity("team").StableKey));
        Assert.NotEqual(OwnershipTags.RepoKeyOf("local:local/a/x"), OwnershipTags.RepoKeyOf("local:local/b/x"));
        Assert.Equal(OwnershipTags.RepoKeyOf("local:local/a/x"), OwnershipTags.RepoKeyOf("local:local/a/y"));
    }

    [Fact]
    public void Pending_IsItsOwnContentTag_AndDecodes()
    {
        var tags = OwnershipTags.Encode("local", "local:local/examples/team", Hash, pending: true);

        OwnershipTags.Check(tags);
        Assert.Equal("mcpsaas-pending-3f2c1ab9d0e8a7b6", tags[^1]);
        Assert.True(OwnershipTags.TryDecode(tags, out var ownership));
        Assert.True(ownership!.Pending);
        Assert.Equal("3f2c1ab9d0e8a7b6", ownership.ContentHashPrefix);
        Assert.False(OwnershipTags.TryDecode([.. tags, "mcpsaas-content-3f2c1ab9d0e8a7b6"], out _)); // content and pending: ambiguous
    }

    [Fact]
    public void Encode_KeepsWithinCloudflaresRules_AndAvoidsTheFilterSeparator()
    {
        var tags = OwnershipTags.Encode("gh:9223372036854775807", "local:" + new string('x', 600) + "/a:b&c,d", Hash);

        OwnershipTags.Check(tags);
        Assert.Equal(5, tags.Count);
        Assert.All(tags, t => Assert.Matches("^[a-z0-9-]{1,47}$", t));
        Assert.Equal(
            ["mcpsaas", "mcpsaas-owner-gh-9223372036854775807", $"mcpsaas-server-{OwnershipTags.ServerKeyOf("local:" + new string('x', 600) + "/a:b&c,d")}",
                $"mcpsaas-repo-{OwnershipTags.ServerKeyOf("local:" + new string('x', 600) + "/")}", "mcpsaas-content-3f2c1ab9d0e8a7b6"],
            tags);
    }

    [Fact]
    public void ServerKeyOf_IsStable_AndDiffersPerServer()
    {
        Assert.Equal(OwnershipTags.ServerKeyOf("gh:1/2/a"), OwnershipTags.ServerKeyOf("gh:1/2/a"));
        Assert.NotEqual(OwnershipTags.ServerKeyOf("gh:1/2/a"), OwnershipTags.ServerKeyOf("gh:1/2/b"));
        Assert.Matches("^[0-9a-f]{32}$", OwnershipTags.ServerKeyOf("x"));
    }

    private const string Key = "0123456789abcdef0123456789abcdef";

    [Theory]
    [InlineData("")]
    [InlineData("tenant-42")]
    [InlineData("mcpsaas-owner-local mcpsaas-server-K mcpsaas-repo-K mcpsaas-content-0123456789abcdef")] // no marker
    [InlineData("mcpsaas mcpsaas-server-K mcpsaas-repo-K mcpsaas-content-0123456789abcdef")] // no owner
    [InlineData("mcpsaas mcpsaas-owner-local mcpsaas-server-K mcpsaas-content-0123456789abcdef")] // no repository (the four tags of old)
    [InlineData("mcpsaas mcpsaas-owner-local mcpsaas-server-K mcpsaas-repo-K")] // no content
    [InlineData("mcpsaas mcpsaas-owner-local mcpsaas-owner-gh-1 mcpsaas-server-K mcpsaas-repo-K mcpsaas-content-0123456789abcdef")] // two owners
    [InlineData("mcpsaas mcpsaas-owner-someone mcpsaas-server-K mcpsaas-repo-K mcpsaas-content-0123456789abcdef")] // unknown owner
    [InlineData("mcpsaas mcpsaas-owner-local mcpsaas-server-0123 mcpsaas-repo-K mcpsaas-content-0123456789abcdef")] // short key
    [InlineData("mcpsaas mcpsaas-owner-local mcpsaas-server-K mcpsaas-repo-0123 mcpsaas-content-0123456789abcdef")] // short repository key
    [InlineData("mcpsaas mcpsaas-owner-local mcpsaas-server-0123456789ABCDEF0123456789ABCDEF mcpsaas-repo-K mcpsaas-content-0123456789abcdef")] // not lower hex
    public void TryDecode_RefusesTagsThatAreNotUnambiguouslyMcpSaas(string tagList)
    {
        var tags = tagList.Replace("-K", "-" + Key, StringComparison.Ordinal).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.False(OwnershipTags.TryDecode(tags, out var ownership));
        Assert.Null(ownership);
    }

    [Fact]
    public void TryDecode_IgnoresOtherTags()
    {
        var tags = OwnershipTags.Encode("local", "local:a/b/c", Hash).Append("team-blue").ToList();

        Assert.True(OwnershipTags.TryDecode(tags, out var ownership));
        Assert.Equal("local", ownership!.Owner);
    }

    [Fact]
    public void Filters_AreTheListQueryOfCloudflare()
    {
        Assert.Equal("mcpsaas-owner-gh-77:yes", OwnershipTags.OwnerFilter("gh:77"));
        Assert.Equal("mcpsaas-owner-local:yes", OwnershipTags.OwnerFilter("local"));
        Assert.Equal("mcpsaas:yes", OwnershipTags.AnyOwnerFilter);
    }

    [Theory]
    [InlineData("")]
    [InlineData("gh:")]
    [InlineData("gh:12a")]
    [InlineData("github:1")]
    [InlineData("LOCAL")]
    public void Encode_RefusesAnOwnerItCannotDecode(string owner) =>
        Assert.Throws<ArgumentException>(() => OwnershipTags.Encode(owner, "local:a/b/c", Hash));

    [Theory]
    [InlineData("a b c d e f g h i")]
    [InlineData("a,b")]
    [InlineData("a&b")]
    [InlineData("")]
    [InlineData("a a")]
    public void Check_RefusesWhatCloudflareRefuses(string tagList) => Assert.Throws<ArgumentException>(() => OwnershipTags.Check(tagList.Split(' ')));
}
