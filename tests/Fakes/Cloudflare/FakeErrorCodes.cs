namespace McpSaas.Testing.Fakes.Cloudflare;

/// <summary>
/// The error codes the fake answers with (cloudflare-workers-api.md §8 and Cloudflare's answers seen in public
/// reports). Codes marked unconfirmed are the fake's choice where no source gave the real one.
/// </summary>
public static class FakeErrorCodes
{
    public const int NoRoute = 7003;
    public const int MethodNotAllowed = 7001;
    public const int RateLimited = 971;
    public const int Authentication = 10000;
    public const int NotFound = 10007;
    public const int InvalidScriptName = 10016;
    public const int Validation = 10021;
    public const int Unauthorized = 10023;
    public const int TooLarge = 10027;
    public const int ConcurrentModification = 10035;
    public const int TooManyScripts = 10037;
    public const int SecretTooLarge = 10054;
    public const int TooManySecrets = 10055;
    public const int InheritUnresolved = 10057;
    public const int DurableObjectNotMigrated = 10061;
    public const int DurableObjectClassRemoved = 10064;
    public const int DurableObjectNotExported = 10070;

    /// <summary>A class that already is a Durable Object class migrated again (unconfirmed code; the refusal itself is documented).</summary>
    public const int DurableObjectMigratedTwice = 10074;

    public const int MigrationTagPrecondition = 10079;
    public const int DurableObjectNeedsSqlite = 10097;
}
