using System.Text.RegularExpressions;
using McpSaas.Reconciler.Identity;

namespace McpSaas.Reconciler.Tests.Identity;

public sealed partial class ScriptNamesTests
{
    [Theory]
    [InlineData("local", "examples", "docs-reader")]
    [InlineData("Acme-Corp", "My.Repo_with-ALL.the_things", "a-very-long-server-name-that-goes-on-and-on")]
    [InlineData("o", "r", "n")]
    public void LocalNames_AreValidWorkerNames(string org, string repo, string name)
    {
        var script = ScriptNames.For(ServerIdentity.Local(org, repo, name));

        Assert.Matches(ValidName(), script);
        Assert.True(script.Length <= ScriptNames.MaxLength);
    }

    [Fact]
    public void LocalNames_ThatReadTheSame_DoNotCollide()
    {
        var a = ScriptNames.For(ServerIdentity.Local("a-b", "c", "d"));
        var b = ScriptNames.For(ServerIdentity.Local("a", "b-c", "d"));
        var c = ScriptNames.For(ServerIdentity.Local("acme", "my.repo", "x"));
        var d = ScriptNames.For(ServerIdentity.Local("acme", "my-repo", "x"));

        Assert.NotEqual(a, b);
        Assert.NotEqual(c, d);
    }

    [Fact]
    public void GitOpsNames_DependOnIds_NotOnRenamableNames()
    {
        var before = ScriptNames.For(new ServerIdentity { Id = new ServerId("acme", "platform", "team-tools"), InstallationId = 42, RepositoryId = 1001 });
        var after = ScriptNames.For(new ServerIdentity { Id = new ServerId("acme-inc", "platform-renamed", "team-tools"), InstallationId = 42, RepositoryId = 1001 });

        Assert.Equal("mcp-i42-r1001-team-tools", before);
        Assert.Equal(before, after);
    }

    [Fact]
    public void LongNames_AreShortened_WithAHashSuffix()
    {
        var name = new string('n', 40);
        var script = ScriptNames.For(new ServerIdentity { Id = new ServerId("o", "r", name), InstallationId = 123456789012, RepositoryId = 987654321098 });
        var other = ScriptNames.For(new ServerIdentity { Id = new ServerId("o", "r", name[..39] + "m"), InstallationId = 123456789012, RepositoryId = 987654321098 });

        Assert.InRange(script.Length, 50, ScriptNames.MaxLength);
        Assert.Matches(ValidName(), script);
        Assert.NotEqual(script, other);
    }

    [GeneratedRegex("^[a-z0-9]([a-z0-9-]*[a-z0-9])?$")]
    private static partial Regex ValidName();
}
