namespace McpSaas.Reconciler.Platforms.Cloudflare;

/// <summary>Cloudflare's rule for Worker script names: 1–63 characters of <c>a-z</c>, <c>0-9</c>, <c>-</c> and <c>_</c> (10016 otherwise).</summary>
public static class ScriptNameRules
{
    public const int MaxLength = 63;

    public const string Rule = "1 to 63 characters of a-z, 0-9, '-' and '_'";

    public static bool IsValid(string? name) =>
        !string.IsNullOrEmpty(name) && name.Length <= MaxLength && name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_');
}
