namespace McpSaas.StatusUi.Model;

/// <summary>One org in the org list: its plan, its overview page, how many servers it has, and where to begin when it has none.</summary>
public sealed record OrgEntryView(string Org, string Tier, string Page, int Servers = 0, string? GettingStarted = null);
