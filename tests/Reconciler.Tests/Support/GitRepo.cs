using LibGit2Sharp;

namespace McpSaas.Reconciler.Tests.Support;

/// <summary>A real git repository in a temp folder, with a work tree, for source tests.</summary>
internal sealed class GitRepo : IDisposable
{
    private readonly TempDir _dir = new("mcpsaas-git");
    private readonly Signature _author = new("Test", "test@example.com", DateTimeOffset.UnixEpoch);

    public GitRepo(string branch = "main")
    {
        Repository.Init(_dir.Path);
        using var repo = new Repository(_dir.Path);
        repo.Refs.UpdateTarget("HEAD", $"refs/heads/{branch}");
    }

    public string Path => _dir.Path;

    public string Write(string relative, string content) => _dir.Write(relative, content);

    public void Delete(string relative) => File.Delete(_dir.Combine(relative.Split('/')));

    public string Commit(string message)
    {
        using var repo = new Repository(_dir.Path);
        Commands.Stage(repo, "*");
        return repo.Commit(message, _author, _author, new CommitOptions { AllowEmptyCommit = true }).Sha;
    }

    public void Branch(string name)
    {
        using var repo = new Repository(_dir.Path);
        repo.CreateBranch(name);
    }

    public void Dispose() => _dir.Dispose();
}
