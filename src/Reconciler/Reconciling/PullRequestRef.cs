namespace McpSaas.Reconciler.Reconciling;

/// <summary>A pull request a plan-only run reviews: its number, the head commit planned, and whether it comes from a fork.</summary>
public sealed record PullRequestRef(int Number, string HeadSha, bool FromFork);
