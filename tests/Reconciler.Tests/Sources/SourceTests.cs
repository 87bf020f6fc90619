using System.Text;
using McpSaas.Reconciler.Sources;
using McpSaas.Reconciler.Tests.Support;

namespace McpSaas.Reconciler.Tests.Sources;

public sealed class SourceTests : IDisposable
{
    private readonly TempDir _cache = new("mcpsaas-gitcache");

    public void Dispose() => _cache.Dispose();

    [Fact]
    public async Task FolderSource_FindsManifestsAtAnyDepth_SkippingHiddenFolders()
    {
        using var dir = new TempDir();
        dir.Write("mcp.yaml", "a");
        dir.Write("teams/x/mcp.yml", "b");
        dir.Write(".github/mcp.yaml", "hidden");
        dir.Write("teams/.secret/mcp.yaml", "hidden");
        dir.Write("teams/notes.yaml", "not a manifest");

        using var snapshot = await new FolderSource(dir.Path).SnapshotAsync(CancellationToken.None);

        Assert.Equal(["mcp.yaml", "teams/x/mcp.yml"], snapshot.Files.Select(f => f.Path));
        Assert.Equal("b", Encoding.UTF8.GetString(snapshot.Read(snapshot.Files[1])));
        Assert.StartsWith("folder:", snapshot.Revision, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FolderSource_Revision_MovesWithContent()
    {
        using var dir = new TempDir();
        dir.Write("mcp.yaml", "a");
        var source = new FolderSource(dir.Path, "repo");
        string r1;
        using (var s = await source.SnapshotAsync(CancellationToken.None))
        {
            r1 = s.Revision;
        }

        dir.Write("mcp.yaml", "b");
        using var s2 = await source.SnapshotAsync(CancellationToken.None);

        Assert.NotEqual(r1, s2.Revision);
        Assert.Equal("repo", source.RepoName);
    }

    [Fact]
    public async Task FolderAndGit_AgreeOnBlobIds()
    {
        using var repo = new GitRepo();
        repo.Write("a/mcp.yaml", "apiVersion: mcpsaas.dev/v1\n");
        repo.Commit("one");

        using var fromGit = await new GitSource(repo.Path, _cache.Path).SnapshotAsync(CancellationToken.None);
        using var fromFolder = await new FolderSource(repo.Path).SnapshotAsync(CancellationToken.None);

        Assert.Equal(fromGit.Files, fromFolder.Files);
    }

    [Fact]
    public async Task GitSource_ReadsTheDefaultBranch_AtItsTip_WithoutACheckout()
    {
        using var repo = new GitRepo();
        repo.Write("servers/team/mcp.yaml", "v1");
        repo.Write(".github/mcp.yaml", "hidden");
        var first = repo.Commit("one");
        var source = new GitSource(repo.Path, _cache.Path);

        using (var s1 = await source.SnapshotAsync(CancellationToken.None))
        {
            Assert.Equal(first, s1.Revision);
            Assert.Equal(["servers/team/mcp.yaml"], s1.Files.Select(f => f.Path));
            Assert.Equal("v1", Encoding.UTF8.GetString(s1.Read(s1.Files[0])));
        }

        repo.Write("servers/team/mcp.yaml", "v2");
        var second = repo.Commit("two");
        using var s2 = await source.SnapshotAsync(CancellationToken.None);

        Assert.Equal(second, s2.Revision);
        Assert.Equal("v2", Encoding.UTF8.GetString(s2.Read(s2.Files[0])));
        Assert.Equal(Path.GetFileName(repo.Path), source.RepoName);
        Assert.Empty(Directory.GetFiles(_cache.Path, "mcp.yaml", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task GitSource_ReadsARef_WhenAsked()
    {
        using var repo = new GitRepo();
        repo.Write("mcp.yaml", "main-1");
        var atMain1 = repo.Commit("one");
        repo.Branch("release");
        repo.Write("mcp.yaml", "main-2");
        repo.Commit("two");

        using var byBranch = await new GitSource(repo.Path, _cache.Path, "release").SnapshotAsync(CancellationToken.None);
        using var byCommit = await new GitSource(repo.Path, _cache.Path, atMain1).SnapshotAsync(CancellationToken.None);

        Assert.Equal(atMain1, byBranch.Revision);
        Assert.Equal("main-1", Encoding.UTF8.GetString(byCommit.Read(byCommit.Files[0])));
    }

    [Fact]
    public async Task GitSource_UnknownRef_IsAClearError()
    {
        using var repo = new GitRepo();
        repo.Write("mcp.yaml", "x");
        repo.Commit("one");

        var error = await Assert.ThrowsAsync<SourceException>(() => new GitSource(repo.Path, _cache.Path, "nope").SnapshotAsync(CancellationToken.None));

        Assert.Contains("ref 'nope'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GitSource_RefusesCredentialsInTheUrl()
    {
        var error = Assert.Throws<SourceException>(() => new GitSource("https://user:ghp_secret@example.com/acme/repo.git", _cache.Path));

        Assert.DoesNotContain("ghp_secret", error.Message, StringComparison.Ordinal);
        Assert.Contains("MCPSAAS_GIT_TOKEN", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://github.com/acme/repo.git", true)]
    [InlineData("https://GitHub.com/acme/other.git", true)]
    [InlineData("https://evil.example.com/acme/repo.git", false)]
    [InlineData("https://github.com.evil.example/acme/repo.git", false)]
    [InlineData("https://github.com:8443/acme/repo.git", false)]
    [InlineData("http://github.com/acme/repo.git", false)]
    [InlineData("not a url", false)]
    public void GitToken_IsOfferedOnlyToTheSourcesOwnHost(string askingUrl, bool offered)
    {
        var source = new GitSource("https://github.com/acme/repo.git", _cache.Path, credentials: new FixedCredentials("x-access-token", "ghp_token_for_github_only"));
        var handler = source.CredentialsHandler()!;

        var credentials = handler(askingUrl, null, LibGit2Sharp.SupportedCredentialTypes.UsernamePassword);

        if (offered)
        {
            var given = Assert.IsType<LibGit2Sharp.UsernamePasswordCredentials>(credentials);
            Assert.Equal(("x-access-token", "ghp_token_for_github_only"), (given.Username, given.Password));
        }
        else
        {
            Assert.IsType<LibGit2Sharp.DefaultCredentials>(credentials);
        }
    }

    private sealed class FixedCredentials(string user, string token) : IGitCredentialsProvider
    {
        public GitCredentials? For(Uri remote) => new(user, token);
    }

    [Fact]
    public void GitCredentials_ToString_HidesThePassword() =>
        Assert.DoesNotContain("s3cr3t", new GitCredentials("x", "s3cr3t").ToString(), StringComparison.Ordinal);
}
