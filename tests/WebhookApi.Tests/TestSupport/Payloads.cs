using System.Text;

namespace McpSaas.WebhookApi.Tests.TestSupport;

/// <summary>Real GitHub webhook payloads (octokit/webhooks examples, MIT: Fixtures/github-webhooks/LICENSE).</summary>
internal static class Payloads
{
    public static byte[] Read(string relative) =>
        File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "github-webhooks", relative));

    /// <summary>The push fixture (to the default branch <c>master</c> of repository 186853002, installation 1), with its ref, commits and push time changed.</summary>
    public static byte[] Push(string? reference = null, string? after = null, string? before = null, long? pushedAt = null)
    {
        var text = Encoding.UTF8.GetString(Read("push/with-new-branch.payload.json"));
        if (reference is not null)
        {
            text = text.Replace("\"ref\": \"refs/heads/master\"", $"\"ref\": \"{reference}\"", StringComparison.Ordinal);
        }

        if (after is not null)
        {
            text = text.Replace("\"after\": \"6113728f27ae82c7b1a177c8d03f9e96e0adf246\"", $"\"after\": \"{after}\"", StringComparison.Ordinal);
        }

        if (before is not null)
        {
            text = text.Replace("\"before\": \"0000000000000000000000000000000000000000\"", $"\"before\": \"{before}\"", StringComparison.Ordinal);
        }

        if (pushedAt is not null)
        {
            text = text.Replace("\"pushed_at\": 1557933657", $"\"pushed_at\": {pushedAt}", StringComparison.Ordinal);
        }

        return Encoding.UTF8.GetBytes(text);
    }
}
