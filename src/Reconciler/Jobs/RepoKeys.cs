namespace McpSaas.Reconciler.Jobs;

/// <summary>
/// The key jobs are serialised on (at most one running job per key). GitHub repositories by id, so a rename
/// or transfer does not split a repository's queue; local sources by their readable org/repo.
/// </summary>
public static class RepoKeys
{
    public static string GitHub(long repositoryId) => $"gh:{repositoryId.ToString(System.Globalization.CultureInfo.InvariantCulture)}";

    public static string Local(string org, string repo) => $"local:{org}/{repo}";
}
