namespace McpSaas.Schema.Diagnostics;

/// <summary>
/// The stable diagnostic codes (README, "Diagnostic codes"). MCP0xx: the file as text and YAML; MCP1xx: shape of a
/// document; MCP15x: tool settings; MCP2xx: secrets; MCP3xx: plan limits. Codes are never reused for another meaning.
/// </summary>
public static class DiagnosticCodes
{
    public const string Unreadable = "MCP000";
    public const string Syntax = "MCP001";
    public const string TooLarge = "MCP002";
    public const string NotUtf8 = "MCP003";
    public const string NulByte = "MCP004";
    public const string Tab = "MCP005";
    public const string AliasExpansion = "MCP006";
    public const string TooDeep = "MCP007";
    public const string UnknownAlias = "MCP008";
    public const string TooManyNodes = "MCP009";

    public const string NotAMapping = "MCP100";
    public const string UnknownField = "MCP101";
    public const string DuplicateKey = "MCP102";
    public const string MissingField = "MCP103";
    public const string UnknownTool = "MCP104";
    public const string WrongType = "MCP105";
    public const string ApiVersion = "MCP106";
    public const string Kind = "MCP107";
    public const string Name = "MCP108";
    public const string DescriptionTooLong = "MCP109";
    public const string BadKey = "MCP110";
    public const string UnknownPlan = "MCP111";
    public const string NoTools = "MCP112";
    public const string InvalidValue = "MCP113";
    public const string InvalidAlias = "MCP114";
    public const string DuplicateToolUse = "MCP115";
    public const string InternalTool = "MCP116";
    public const string DuplicateServer = "MCP120";

    public const string UnknownSetting = "MCP150";
    public const string InvalidSetting = "MCP151";
    public const string MissingSetting = "MCP152";
    public const string ApiHostNotAllowed = "MCP153";
    public const string ApiBaseUrlNotHttps = "MCP154";

    public const string CredentialLiteral = "MCP201";
    public const string InvalidSecretReference = "MCP202";
    public const string SecretReferenceIsCredential = "MCP203";
    public const string MissingSecret = "MCP204";
    public const string UnknownSecret = "MCP205";

    public const string TooManyTools = "MCP301";
    public const string PremiumTool = "MCP302";
    public const string RateLimitAbovePlan = "MCP303";
    public const string PlanAboveEntitlement = "MCP304";

    /// <summary>A plan-limit code (MCP301–MCP304): the document is fine in itself and fits a larger plan.</summary>
    public static bool IsPlanLimit(string code) =>
        code is TooManyTools or PremiumTool or RateLimitAbovePlan or PlanAboveEntitlement;

    /// <summary>Every code with a one-line meaning, in code order (the README table is checked against it).</summary>
    public static IReadOnlyList<(string Code, string Meaning)> All { get; } =
    [
        (Unreadable, "the file could not be read"),
        (Syntax, "YAML syntax error, at the parser's position"),
        (TooLarge, "file larger than 1 MiB"),
        (NotUtf8, "not UTF-8 text (binary, or another encoding)"),
        (NulByte, "NUL byte in the file"),
        (Tab, "tab character in indentation"),
        (AliasExpansion, "aliases expand to too many nodes (alias bomb)"),
        (TooDeep, "nesting deeper than 64 levels"),
        (UnknownAlias, "alias to an unknown anchor, or a recursive alias"),
        (TooManyNodes, "more than 5,000 YAML nodes in one file"),
        (NotAMapping, "a document is not a mapping"),
        (UnknownField, "unknown field (with a suggestion when a known one is close)"),
        (DuplicateKey, "duplicate key in a mapping"),
        (MissingField, "required field missing"),
        (UnknownTool, "`use:` names no tool of the catalog"),
        (WrongType, "wrong type (string, boolean, integer, list or mapping expected)"),
        (ApiVersion, "`apiVersion` is not `mcpsaas.dev/v1`"),
        (Kind, "`kind` is not `McpServer`"),
        (Name, "`metadata.name` breaks the name rules"),
        (DescriptionTooLong, "`metadata.description` longer than 280 characters"),
        (BadKey, "a key is not a plain string (empty, a list or a mapping)"),
        (UnknownPlan, "`spec.plan` is not free, pro or enterprise"),
        (NoTools, "`spec.tools` is empty"),
        (InvalidValue, "value out of range (e.g. `rateLimitPerMinute` not a positive integer)"),
        (InvalidAlias, "`as:` alias breaks the alias rules"),
        (DuplicateToolUse, "the same tool or alias used twice in one server, or colliding MCP tool names"),
        (InternalTool, "internal tool, not offered to users"),
        (DuplicateServer, "server name used by another document (reported on every location)"),
        (UnknownSetting, "unknown tool setting under `with:`"),
        (InvalidSetting, "tool setting breaks the tool's schema"),
        (MissingSetting, "required tool setting missing"),
        (ApiHostNotAllowed, "`apiBaseUrl` host not among the tool's allowed API hosts"),
        (ApiBaseUrlNotHttps, "`apiBaseUrl` is plain `http` (`https` required; local mode: plain `http` only to loopback)"),
        (CredentialLiteral, "a value looks like a credential (never echoed)"),
        (InvalidSecretReference, "a `secrets:` value is not a valid secret reference"),
        (SecretReferenceIsCredential, "a `secrets:` value looks like a credential (never echoed)"),
        (MissingSecret, "required secret input missing"),
        (UnknownSecret, "unknown secret input"),
        (TooManyTools, "more tools than the plan allows per server"),
        (PremiumTool, "premium tool below plan pro"),
        (RateLimitAbovePlan, "`rateLimitPerMinute` above the plan's calls per minute"),
        (PlanAboveEntitlement, "`spec.plan` above the org's entitlement"),
    ];
}
