using System.Text.Json;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpSaas.WorkerRuntime.Tests;

/// <summary>The official C# SDK (ModelContextProtocol 2.4.0) as a real client of the Worker in workerd.</summary>
public sealed class RealClientTests(WorkerdServer server) : IClassFixture<WorkerdServer>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public static TheoryData<HttpTransportMode, string> Transports => new()
    {
        { HttpTransportMode.StreamableHttp, "mcp" },
        { HttpTransportMode.Sse, "sse" },
    };

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task Client_ListsAndCallsTools_WithKeyHeader(HttpTransportMode mode, string path)
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var client = await this.ConnectAsync(mode, path, WorkerdServer.Key, options: null, cts.Token);

        var tools = await client.ListToolsAsync(cancellationToken: cts.Token);
        Assert.Contains(tools, t => t.Name == "test_simple_text");
        Assert.Contains(tools, t => t.Name == "test_sampling" && t.Description.Contains("sampl", StringComparison.OrdinalIgnoreCase));

        var result = await client.CallToolAsync("test_simple_text", cancellationToken: cts.Token);
        Assert.NotEqual(true, result.IsError);
        var text = Assert.IsType<TextContentBlock>(Assert.Single(result.Content));
        Assert.Equal("This is a simple text response for testing.", text.Text);
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task Client_GetsIsErrorWithMessage_WhenArgumentsAreInvalid(HttpTransportMode mode, string path)
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var client = await this.ConnectAsync(mode, path, WorkerdServer.Key, options: null, cts.Token);

        var result = await client.CallToolAsync("test_sampling", new Dictionary<string, object?> { ["prompt"] = 42 }, cancellationToken: cts.Token);

        Assert.True(result.IsError);
        var text = Assert.IsType<TextContentBlock>(Assert.Single(result.Content));
        Assert.Contains("Invalid arguments for tool 'test_sampling'", text.Text, StringComparison.Ordinal);
    }

    // Sampling is deprecated from protocol 2026-07-28 on (MCP9005) but 2025-era clients still use it: this checks
    // that a server→client request reaches a real client and its answer reaches the waiting tool call.
#pragma warning disable MCP9005
    [Theory]
    [MemberData(nameof(Transports))]
    public async Task Client_AnswersSampling_DuringAToolCall(HttpTransportMode mode, string path)
    {
        using var cts = new CancellationTokenSource(Timeout);
        var options = new McpClientOptions
        {
            Handlers = new McpClientHandlers
            {
                SamplingHandler = (request, progress, cancellationToken) => ValueTask.FromResult(new CreateMessageResult
                {
                    Role = Role.Assistant,
                    Model = "test-model",
                    Content = [new TextContentBlock { Text = "Paris" }],
                }),
            },
        };
        await using var client = await this.ConnectAsync(mode, path, WorkerdServer.Key, options, cts.Token);

        var result = await client.CallToolAsync("test_sampling", new Dictionary<string, object?> { ["prompt"] = "Capital of France?" }, cancellationToken: cts.Token);

        Assert.NotEqual(true, result.IsError);
        var text = Assert.IsType<TextContentBlock>(Assert.Single(result.Content));
        Assert.Equal("LLM response: Paris", text.Text);
    }
#pragma warning restore MCP9005

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task Client_CannotConnect_WithAWrongKey(HttpTransportMode mode, string path)
    {
        using var cts = new CancellationTokenSource(Timeout);
        var error = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var client = await this.ConnectAsync(mode, path, "not-the-key", options: null, cts.Token);
        });
        Assert.Contains("401", error.ToString(), StringComparison.Ordinal);
    }

    private async Task<McpClient> ConnectAsync(HttpTransportMode mode, string path, string key, McpClientOptions? options, CancellationToken cancellationToken)
    {
        var transport = new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = new Uri(server.BaseUrl, path),
            TransportMode = mode,
            AdditionalHeaders = new Dictionary<string, string> { ["Authorization"] = $"Bearer {key}" },
        });
        return await McpClient.CreateAsync(transport, options, cancellationToken: cancellationToken);
    }
}
