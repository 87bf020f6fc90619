namespace McpSaas.StatusUi.Access;

/// <summary>What the current request may do in one org: nothing (the org answers 404), read it, or administer it.</summary>
public enum OrgRole
{
    /// <summary>Not visible: pages and JSON of the org answer 404, as for an org that does not exist.</summary>
    None = 0,

    /// <summary>Reads every page and the JSON API; no form that changes something.</summary>
    Member = 1,

    /// <summary>Also manages keys and secrets.</summary>
    Admin = 2,
}
