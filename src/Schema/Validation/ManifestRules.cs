namespace McpSaas.Schema.Validation;

/// <summary>The fixed rules of manifest-v1.md that both the JSON Schema and the code checks use.</summary>
public static class ManifestRules
{
    public const string ApiVersion = "mcpsaas.dev/v1";

    public const string Kind = "McpServer";

    /// <summary>Server names: 1–40 chars of [a-z0-9-], starting with a letter, not ending with '-'.</summary>
    public const string NamePattern = "^[a-z](?:[a-z0-9-]{0,38}[a-z0-9])?$";

    public const int NameMaxLength = 40;

    public const int DescriptionMaxLength = 280;

    /// <summary>Secret references: names in the org's secret store.</summary>
    public const string SecretReferencePattern = "^[a-z0-9][a-z0-9_-]{0,62}$";

    /// <summary>
    /// Aliases (<c>as:</c>) follow the tool id syntax: 1–31 chars, a lowercase letter then lowercase letters or
    /// digits. No '_' or '-', so prefixed MCP tool names (<c>gh_search_code</c>) and secret bindings
    /// (<c>MCP_SECRET_GH_TOKEN</c>) stay unambiguous.
    /// </summary>
    public const string AliasPattern = "^[a-z][a-z0-9]{0,30}$";

    /// <summary>Where the published schema lives (its <c>$id</c>, and the README's yaml-language-server line).</summary>
    public const string SchemaId = "https://mcpsaas.dev/schemas/mcp.schema.json";
}
