namespace McpSaas.StatusUi.Model;

/// <summary>One org in the org list.</summary>
public sealed record OrgEntryView(string Org, string Tier, string Page);
