using System.Text.RegularExpressions;

namespace McpSaas.StatusUi.Tests.Support;

/// <summary>
/// <c>./mcpsaas up</c> as a user runs it (a real process: local workerd, SQLite, the status UI on loopback), with the
/// examples and one more source, <c>uirun</c>: <c>reader</c> (fetch, allowed to reach the stub site) and <c>chat</c>
/// (Slack against the stub Slack API, waiting for the secret <see cref="ChatSecret"/>). Stopped with SIGTERM at the end.
/// </summary>
public sealed partial class UpRun : IAsyncLifetime
{
    public const string ChatSecret = "slack-ui-e2e";

    private readonly TempDir _data = new("mcpsaas-ui-up");
    private readonly TempDir _sources = new("mcpsaas-ui-up-src");

    internal StubUpstreams Stubs { get; private set; } = null!;

    internal CliProcess Up { get; private set; } = null!;

    public string DataDirectory => _data.Path;

    /// <summary>The status UI's root, as <c>up</c> printed it.</summary>
    public string UiBase { get; private set; } = "";

    public string ReaderUrl { get; private set; } = "";

    /// <summary>The <c>default</c> key <c>up</c> printed once for the reader.</summary>
    public string ReaderKey { get; private set; } = "";

    internal McpSaasCli Cli => new(_data.Path);

    public string Url(string path) => UiBase + path;

    public async Task InitializeAsync()
    {
        Stubs = await StubUpstreams.StartAsync();
        _sources.Write("uirun/reader/mcp.yaml", $$"""
            apiVersion: mcpsaas.dev/v1
            kind: McpServer
            metadata:
              name: reader
            spec:
              plan: free
              tools:
                - use: fetch
                  with:
                    allowedHosts: ["{{Stubs.HostPort}}"]
            """);
        _sources.Write("uirun/chat/mcp.yaml", $$"""
            apiVersion: mcpsaas.dev/v1
            kind: McpServer
            metadata:
              name: chat
            spec:
              plan: free
              tools:
                - use: slack
                  with:
                    apiBaseUrl: "{{new Uri(Stubs.BaseUrl, "api")}}"
                  secrets:
                    botToken: {{ChatSecret}}
            """);
        Up = new CliProcess(_data.Path, "up", "--source", _sources.Combine("uirun"), "--interval", "0.5");
        var started = await Up.WaitForOutputAsync(o => ServerLine("reader").IsMatch(o) && o.Contains("Status UI:", StringComparison.Ordinal), TimeSpan.FromSeconds(150));
        Assert.True(started, $"up did not deploy local/uirun/reader:\n{Up}");
        UiBase = StatusUiLine().Match(Up.Stdout).Groups[1].Value;
        var reader = ServerLine("reader").Match(Up.Stdout);
        ReaderUrl = reader.Groups["url"].Value;
        ReaderKey = reader.Groups["key"].Value;
    }

    /// <summary>Waits until <c>up</c> printed the creation of a server with its URL and key; returns them.</summary>
    public async Task<(string Url, string Key)> WaitForServerAsync(string name, TimeSpan timeout)
    {
        Assert.True(await Up.WaitForOutputAsync(o => ServerLine(name).IsMatch(o), timeout), $"up did not deploy local/uirun/{name}:\n{Up}");
        var match = ServerLine(name).Match(Up.Stdout);
        return (match.Groups["url"].Value, match.Groups["key"].Value);
    }

    public async Task DisposeAsync()
    {
        if (Up is not null)
        {
            Up.Signal("TERM");
            await Up.WaitForExitAsync(TimeSpan.FromSeconds(30));
            Up.Dispose();
        }

        if (Stubs is not null)
        {
            await Stubs.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _sources.Dispose();
        _data.Dispose();
    }

    private static Regex ServerLine(string name) =>
        new($@"\+ local/uirun/{name}\s+(?<url>http://127\.0\.0\.1:\d+/local/uirun/{name}/mcp)\n\s+key 'default' \(shown once\): (?<key>mcps_[A-Za-z0-9_-]+)");

    [GeneratedRegex(@"Status UI:\s+(http://127\.0\.0\.1:\d+)/orgs/local")]
    private static partial Regex StatusUiLine();
}
