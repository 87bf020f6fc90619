namespace McpSaas.Reconciler.Proposals;

/// <summary>A text file of a repository at a commit: its content, its blob id (what an update must name) and the commit.</summary>
public sealed record RepoFile(string Path, string Text, string BlobSha, string CommitSha);
