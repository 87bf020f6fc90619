namespace McpSaas.GitHub.Tests.Support;

/// <summary>Real GitHub webhook payloads (octokit/webhooks examples, MIT: Fixtures/github-webhooks/LICENSE), copied into the repository.</summary>
internal static class Payloads
{
    public static byte[] Read(string relative) =>
        File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "github-webhooks", relative));
}
