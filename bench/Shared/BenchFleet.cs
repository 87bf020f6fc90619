using System.Diagnostics;
using LibGit2Sharp;

namespace McpSaas.Bench;

/// <summary>
/// The fleet the reconcile and Cloudflare benches measure: <c>repos</c> git repositories of <c>perRepo</c> servers
/// each (one <c>fetch</c> tool; every fourth server on another host), committed on <c>main</c>. Compiled into each
/// bench (a linked file, not a project).
/// </summary>
internal static class BenchFleet
{
    /// <summary>Who commits in the bench repositories.</summary>
    public static Signature Author { get; } = new("bench", "bench@example.com", DateTimeOffset.UnixEpoch);

    /// <summary>Creates the repositories under <c>root/repos</c>, printing the setup time; their paths.</summary>
    public static List<string> Create(string root, int repos, int perRepo)
    {
        Console.WriteLine($"setup: {repos} git repositories × {perRepo} servers ({repos * perRepo:N0} servers)…");
        var setup = Stopwatch.StartNew();
        var repoPaths = new List<string>();
        for (var r = 0; r < repos; r++)
        {
            var path = Path.Combine(root, "repos", $"repo{r:D3}");
            Repository.Init(path);
            using var repo = new Repository(path);
            repo.Refs.UpdateTarget("HEAD", "refs/heads/main");
            for (var s = 0; s < perRepo; s++)
            {
                var file = Path.Combine(path, "servers", $"s{s:D3}", "mcp.yaml");
                Directory.CreateDirectory(Path.GetDirectoryName(file)!);
                File.WriteAllText(file, Manifest($"server-{s:D3}", s % 4 == 0 ? "example.org" : "example.com"));
            }

            Commands.Stage(repo, "*");
            repo.Commit("manifests", Author, Author);
            repoPaths.Add(path);
        }

        Console.WriteLine($"setup: {setup.Elapsed.TotalSeconds:0.0} s");
        return repoPaths;
    }

    /// <summary>One bench server's manifest.</summary>
    public static string Manifest(string name, string host) => $"""
        apiVersion: mcpsaas.dev/v1
        kind: McpServer
        metadata:
          name: {name}
          description: Bench server {name}
        spec:
          plan: pro
          tools:
            - use: fetch
              with:
                allowedHosts: [{host}, docs.example.com]
                maxBytes: 65536
          access:
            rateLimitPerMinute: 120
        """;
}
