using System.Net;
using System.Text;
using ModelContextProtocol.Client;

namespace McpSaas.EndToEnd.Tests.Support;

/// <summary>The official C# MCP client, and raw HTTP for what a client library hides (status codes).</summary>
internal static class Mcp
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(20) };

    public static async Task<McpClient> ConnectAsync(string mcpUrl, string key, CancellationToken cancellationToken)
    {
        var transport = new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = new Uri(mcpUrl),
            TransportMode = HttpTransportMode.StreamableHttp,
            AdditionalHeaders = new Dictionary<string, string> { ["Authorization"] = $"Bearer {key}" },
        });
        return await McpClient.CreateAsync(transport, cancellationToken: cancellationToken);
    }

    /// <summary>The official client over <paramref name="http"/> (e.g. one that reaches the fake Cloudflare's workers.dev).</summary>
    public static async Task<McpClient> ConnectAsync(string mcpUrl, string key, HttpClient http, CancellationToken cancellationToken)
    {
        var transport = new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = new Uri(mcpUrl),
            TransportMode = HttpTransportMode.StreamableHttp,
            AdditionalHeaders = new Dictionary<string, string> { ["Authorization"] = $"Bearer {key}" },
        }, http);
        return await McpClient.CreateAsync(transport, cancellationToken: cancellationToken);
    }

    /// <summary>The HTTP status of an <c>initialize</c> POST with that key.</summary>
    public static Task<HttpStatusCode> InitializeStatusAsync(string mcpUrl, string? key) => InitializeStatusAsync(mcpUrl, key, Http);

    /// <summary>The HTTP status of an <c>initialize</c> POST with that key, over <paramref name="http"/>.</summary>
    public static async Task<HttpStatusCode> InitializeStatusAsync(string mcpUrl, string? key, HttpClient http)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, mcpUrl)
        {
            Content = new StringContent(
                """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"e2e","version":"1"}}}""",
                Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.Accept.ParseAdd("text/event-stream");
        if (key is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        }

        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }

    /// <summary>The key printed by <c>keys create</c> (or <c>up</c>): the one <c>mcps_…</c> token in the text.</summary>
    public static string KeyIn(string output)
    {
        var match = System.Text.RegularExpressions.Regex.Match(output, @"mcps_[A-Za-z0-9_-]{20,}");
        Assert.True(match.Success, $"no key in:\n{output}");
        return match.Value;
    }
}
