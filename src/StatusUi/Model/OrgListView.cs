namespace McpSaas.StatusUi.Model;

/// <summary>The orgs the request may read.</summary>
public sealed record OrgListView
{
    public required IReadOnlyList<OrgEntryView> Orgs { get; init; }
}
