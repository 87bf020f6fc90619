using System.Diagnostics;

namespace McpSaas.Testing.Fakes.GitHub;

/// <summary>A repository of the fake: a bare git repository on disk, served over smart HTTP at <see cref="CloneUrl"/>.</summary>
public sealed class FakeRepository
{
    internal FakeRepository(long id, FakeInstallation installation, string owner, string name, string defaultBranch, string bareDirectory, Uri cloneUrl)
    {
        Id = id;
        Installation = installation;
        Owner = owner;
        Name = name;
        DefaultBranch = defaultBranch;
        BareDirectory = bareDirectory;
        CloneUrl = cloneUrl;
    }

    public long Id { get; }

    public FakeInstallation Installation { get; }

    public string Owner { get; }

    public string Name { get; }

    public string FullName => $"{Owner}/{Name}";

    public string DefaultBranch { get; }

    public string BareDirectory { get; }

    public Uri CloneUrl { get; }

    /// <summary>Pull request numbers opened on it (<see cref="SetPullRequestHead"/>): their issue comments are served.</summary>
    public IReadOnlyCollection<int> PullRequests => [.. _pullRequests.Keys];

    private readonly System.Collections.Concurrent.ConcurrentDictionary<int, bool> _pullRequests = new();

    internal void CopyPullRequestsFrom(FakeRepository other)
    {
        foreach (var number in other._pullRequests.Keys)
        {
            _pullRequests[number] = true;
        }
    }

    /// <summary>Whether the commit exists in this repository (GitHub refuses statuses and check runs for unknown commits).</summary>
    public bool HasCommit(string sha)
    {
        if (sha.Length is not (40 or 64) || !sha.All(char.IsAsciiHexDigit))
        {
            return false;
        }

        try
        {
            Git(BareDirectory, "cat-file", "-e", sha + "^{commit}");
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>Pushes a branch of a local repository (a work tree the test committed in) into this one.</summary>
    public void PushFrom(string localRepository, string branch) =>
        Git(BareDirectory, "fetch", "--quiet", localRepository, $"+refs/heads/{branch}:refs/heads/{branch}");

    /// <summary>
    /// Sets <c>refs/pull/N/head</c> to a branch of another repository (a fork, or this one's work tree), as GitHub
    /// does for every pull request: the head's commits are copied into this repository.
    /// </summary>
    public string SetPullRequestHead(int number, string sourceRepository, string branch)
    {
        Git(BareDirectory, "fetch", "--quiet", sourceRepository, $"+refs/heads/{branch}:refs/pull/{number}/head");
        _pullRequests[number] = true;
        return Git(BareDirectory, "rev-parse", $"refs/pull/{number}/head").Trim();
    }

    public string Head(string reference) => Git(BareDirectory, "rev-parse", reference).Trim();

    internal static string Git(string directory, params string[] args)
    {
        var start = new ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = directory };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["GIT_TERMINAL_PROMPT"] = "0";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("git did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"git {string.Join(' ', args)} failed ({process.ExitCode}): {stderr}");
        }

        return stdout.GetAwaiter().GetResult();
    }
}
