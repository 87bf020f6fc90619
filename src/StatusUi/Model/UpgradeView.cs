namespace McpSaas.StatusUi.Model;

/// <summary>The upgrade path: the next tier and how an operator sets it.</summary>
public sealed record UpgradeView(string NextTier, string Text, string Command);
