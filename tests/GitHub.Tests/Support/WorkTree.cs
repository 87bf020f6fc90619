using LibGit2Sharp;

namespace McpSaas.GitHub.Tests.Support;

/// <summary>A local git work tree the test commits in, then pushes into the fake's bare repository.</summary>
internal sealed class WorkTree : IDisposable
{
    private readonly TempDir _dir = new("mcpsaas-worktree");
    private readonly Signature _author = new("Test", "test@example.com", DateTimeOffset.UnixEpoch);

    public WorkTree(string branch = "main")
    {
        Repository.Init(_dir.Path);
        using var repo = new Repository(_dir.Path);
        repo.Refs.UpdateTarget("HEAD", $"refs/heads/{branch}");
    }

    public string Path => _dir.Path;

    public string Commit(string relative, string content, string message = "change")
    {
        var full = System.IO.Path.Combine(_dir.Path, relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
        using var repo = new Repository(_dir.Path);
        Commands.Stage(repo, "*");
        return repo.Commit(message, _author, _author).Sha;
    }

    public void Checkout(string branch)
    {
        using var repo = new Repository(_dir.Path);
        var target = repo.Branches[branch] ?? repo.CreateBranch(branch);
        Commands.Checkout(repo, target);
    }

    public void Dispose() => _dir.Dispose();
}
