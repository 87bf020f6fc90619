using System.Globalization;

namespace McpSaas.GitHub.Reporting;

/// <summary>Outbox kinds and keys: one pending report per check run (commit), status (commit + context) and comment (pull request).</summary>
internal static class ReportKeys
{
    public const string CheckRun = "check-run";
    public const string Status = "status";
    public const string Comment = "comment";

    public static string ForCheckRun(long repositoryId, string sha) => string.Create(CultureInfo.InvariantCulture, $"check:{repositoryId}:{sha}");

    public static string ForStatus(long repositoryId, string sha, string context) => string.Create(CultureInfo.InvariantCulture, $"status:{repositoryId}:{sha}:{context}");

    public static string ForComment(long repositoryId, int number) => string.Create(CultureInfo.InvariantCulture, $"comment:{repositoryId}:{number}");
}
