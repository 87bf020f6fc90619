namespace McpSaas.StatusUi.Data;

/// <summary>The URLs of the pages and of the JSON API: every one under an org (<c>/orgs/{org}</c>, <c>/api/orgs/{org}</c>).</summary>
public static class UiPaths
{
    public const string Orgs = "/orgs";

    public static string Overview(string org) => $"/orgs/{E(org)}";

    public static string Server(ServerId id)
    {
        ArgumentNullException.ThrowIfNull(id);
        return $"/orgs/{E(id.Org)}/servers/{E(id.Repo)}/{E(id.Name)}";
    }

    public static string Secrets(string org) => $"/orgs/{E(org)}/secrets";

    public static string Catalog(string org) => $"/orgs/{E(org)}/catalog";

    public static string Builder(string org) => $"/orgs/{E(org)}/builder";

    public static string GettingStarted(string org) => $"/orgs/{E(org)}/getting-started";

    public static string Plan(string org) => $"/orgs/{E(org)}/plan";

    public static string Audit(string org) => $"/orgs/{E(org)}/audit";

    /// <summary>The builder changing the tools of an existing server (by pull request).</summary>
    public static string EditTools(ServerId id)
    {
        ArgumentNullException.ThrowIfNull(id);
        return $"/orgs/{E(id.Org)}/builder?server={E(id.Repo)}%2F{E(id.Name)}";
    }

    public static string ApiServerStatus(ServerId id)
    {
        ArgumentNullException.ThrowIfNull(id);
        return $"/api/orgs/{E(id.Org)}/servers/{E(id.Repo)}/{E(id.Name)}/status";
    }

    private static string E(string part) => Uri.EscapeDataString(part);
}
