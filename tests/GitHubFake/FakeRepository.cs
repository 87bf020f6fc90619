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

    /// <summary>The commit a full ref name (<c>refs/heads/main</c>) points at, or null when there is no such ref.</summary>
    public string? Ref(string fullName)
    {
        try
        {
            return Git(BareDirectory, "rev-parse", "--verify", "--quiet", fullName + "^{commit}").Trim();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>Branches (names without <c>refs/heads/</c>).</summary>
    public IReadOnlyList<string> Branches() =>
        [.. Git(BareDirectory, "for-each-ref", "--format=%(refname:short)", "refs/heads/").Split('\n', StringSplitOptions.RemoveEmptyEntries)];

    /// <summary>A file's text at a commit or branch, or null when it is not there.</summary>
    public string? ReadFile(string reference, string path)
    {
        try
        {
            return Git(BareDirectory, "show", $"{reference}:{path}");
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>The blob id of a file at a commit, or null when it is not there.</summary>
    public string? BlobSha(string reference, string path)
    {
        try
        {
            var line = Git(BareDirectory, "ls-tree", reference, "--", path).Trim();
            var parts = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            return parts.Length >= 3 && parts[1] == "blob" ? parts[2] : null;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>Merges a pull request as its "Merge" button would when the base has not moved: the base branch fast-forwards to the head. Returns the new head of the base.</summary>
    public string MergePullRequest(FakePullRequest pullRequest)
    {
        ArgumentNullException.ThrowIfNull(pullRequest);
        var head = Head($"refs/heads/{pullRequest.Head}");
        var baseHead = Head($"refs/heads/{pullRequest.Base}");
        Git(BareDirectory, "merge-base", "--is-ancestor", baseHead, head); // throws unless a fast-forward
        Git(BareDirectory, "update-ref", $"refs/heads/{pullRequest.Base}", head, baseHead);
        return head;
    }

    internal void AddPullRequest(int number) => _pullRequests[number] = true;

    private int _nextNumber;

    internal int NextNumber() => Interlocked.Increment(ref _nextNumber);

    /// <summary>Commits one file on a branch the way the contents API does (a new commit on its head by the App's bot), returning the commit and the new blob.</summary>
    internal (string Commit, string Blob) CommitFile(string branch, string path, byte[] content, string message, string author)
    {
        var parent = Head($"refs/heads/{branch}");
        var index = Path.Combine(Path.GetTempPath(), $"mcpsaas-fake-index-{Guid.NewGuid():N}");
        try
        {
            var blob = Git(BareDirectory, null, content, "hash-object", "-w", "--stdin").Trim();
            var environment = new Dictionary<string, string>
            {
                ["GIT_INDEX_FILE"] = index,
                ["GIT_AUTHOR_NAME"] = author,
                ["GIT_AUTHOR_EMAIL"] = $"{author}@users.noreply.github.com",
                ["GIT_COMMITTER_NAME"] = "GitHub",
                ["GIT_COMMITTER_EMAIL"] = "noreply@github.com",
            };
            Git(BareDirectory, environment, null, "read-tree", parent);
            Git(BareDirectory, environment, null, "update-index", "--add", "--cacheinfo", $"100644,{blob},{path}");
            var tree = Git(BareDirectory, environment, null, "write-tree").Trim();
            var commit = Git(BareDirectory, environment, System.Text.Encoding.UTF8.GetBytes(message), "commit-tree", tree, "-p", parent).Trim();
            Git(BareDirectory, "update-ref", $"refs/heads/{branch}", commit, parent);
            return (commit, blob);
        }
        finally
        {
            File.Delete(index);
        }
    }

    internal static string Git(string directory, params string[] args) => Git(directory, null, null, args);

    internal static string Git(string directory, IReadOnlyDictionary<string, string>? environment, byte[]? input, params string[] args)
    {
        var start = new ProcessStartInfo("git")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = input is not null,
            UseShellExecute = false,
            WorkingDirectory = directory,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["GIT_TERMINAL_PROMPT"] = "0";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("git did not start");
        if (input is not null)
        {
            process.StandardInput.BaseStream.Write(input);
            process.StandardInput.Close();
        }

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
