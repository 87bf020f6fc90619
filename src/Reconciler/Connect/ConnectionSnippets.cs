using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace McpSaas.Reconciler.Connect;

/// <summary>
/// Connection info for a deployed server: its URLs and ready-to-paste snippets for the common clients, with
/// <c>${MCPSAAS_KEY}</c> where the API key goes (the key itself is never printed here).
/// </summary>
public static class ConnectionSnippets
{
    public const string KeyPlaceholder = "${MCPSAAS_KEY}";

    public static IReadOnlyList<string> Clients { get; } = ["claude", "cursor", "vscode", "claude-code", "npx", "json"];

    /// <param name="serverName">The server's name (the key in client configs).</param>
    /// <param name="baseUrl">The server's base URL (its <c>/mcp</c>, <c>/sse</c> are under it).</param>
    public static string Render(string serverName, string baseUrl, string? client = null)
    {
        var mcp = $"{baseUrl.TrimEnd('/')}/mcp";
        var sse = $"{baseUrl.TrimEnd('/')}/sse";
        var sb = new StringBuilder();
        if (client is null)
        {
            sb.Append("Streamable HTTP: ").Append(mcp).Append('\n');
            sb.Append("Legacy SSE:      ").Append(sse).Append('\n');
            sb.Append("Auth:            Authorization: Bearer ").Append(KeyPlaceholder).Append("   (or ?key=… for clients that cannot set headers)\n");
            sb.Append("Set MCPSAAS_KEY to a key from `./mcpsaas keys create`.\n");
        }

        foreach (var c in client is null ? Clients : [client])
        {
            if (client is null)
            {
                sb.Append('\n').Append(Title(c)).Append('\n');
            }

            sb.Append(Snippet(c, serverName, mcp, sse));
        }

        return sb.ToString();
    }

    public static string Snippet(string client, string serverName, string mcpUrl, string sseUrl) => client switch
    {
        "npx" => $"npx -y mcp-remote {mcpUrl} --header \"Authorization: Bearer {KeyPlaceholder}\"\n",
        "claude-code" => $"claude mcp add --transport http {serverName} {mcpUrl} --header \"Authorization: Bearer {KeyPlaceholder}\"\n",
        "claude" => Json(w => McpRemoteServers(w, "mcpServers", serverName, mcpUrl)),
        "cursor" => Json(w => McpRemoteServers(w, "mcpServers", serverName, mcpUrl)),
        "vscode" => Json(w =>
        {
            w.WriteStartObject("servers");
            w.WriteStartObject(serverName);
            w.WriteString("type", "http");
            w.WriteString("url", mcpUrl);
            w.WriteStartObject("headers");
            w.WriteString("Authorization", $"Bearer {KeyPlaceholder}");
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();
        }),
        "json" => Json(w =>
        {
            w.WriteString("name", serverName);
            w.WriteString("url", mcpUrl);
            w.WriteString("sseUrl", sseUrl);
            w.WriteStartObject("headers");
            w.WriteString("Authorization", $"Bearer {KeyPlaceholder}");
            w.WriteEndObject();
        }),
        _ => throw new ArgumentOutOfRangeException(nameof(client), client, $"unknown client: use one of {string.Join(", ", Clients)}"),
    };

    /// <summary>The heading <see cref="Render"/> prints above a client's snippet (the status UI shows the same).</summary>
    public static string Title(string client) => client switch
    {
        "claude" => "Claude Desktop (claude_desktop_config.json; mcp-remote bridges to the remote server):",
        "cursor" => "Cursor (.cursor/mcp.json):",
        "vscode" => "VS Code (.vscode/mcp.json):",
        "claude-code" => "Claude Code:",
        "npx" => "Any stdio-only client (local bridge):",
        _ => "JSON:",
    };

    /// <summary>
    /// The mcp-remote form Claude Desktop and Cursor need: the header value goes through an environment
    /// variable, since their argument handling breaks on spaces (<c>Authorization:${AUTH_HEADER}</c>).
    /// </summary>
    private static void McpRemoteServers(Utf8JsonWriter w, string property, string serverName, string mcpUrl)
    {
        w.WriteStartObject(property);
        w.WriteStartObject(serverName);
        w.WriteString("command", "npx");
        w.WriteStartArray("args");
        foreach (var arg in new[] { "-y", "mcp-remote", mcpUrl, "--header", "Authorization:${AUTH_HEADER}" })
        {
            w.WriteStringValue(arg);
        }

        w.WriteEndArray();
        w.WriteStartObject("env");
        w.WriteString("AUTH_HEADER", $"Bearer {KeyPlaceholder}");
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static string Json(Action<Utf8JsonWriter> body)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }
}
