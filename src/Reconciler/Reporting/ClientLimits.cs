namespace McpSaas.Reconciler.Reporting;

/// <summary>
/// Limits of common MCP clients, as their documentation and issue trackers describe them (not McpSaas's: a server
/// that breaks one is deployed all the same, with a warning in the pull request).
/// </summary>
public static class ClientLimits
{
    /// <summary>Cursor works with about 40 MCP tools in total, over every server it is connected to.</summary>
    public const int CursorTools = 40;

    /// <summary>Cursor: a server's name and a tool's name together at most 60 characters.</summary>
    public const int CursorNameLength = 60;

    /// <summary>VS Code: at most 128 tools in one chat request.</summary>
    public const int VsCodeTools = 128;

    /// <summary>Every warning the tools of one server (named <paramref name="serverName"/> in client configs) earn.</summary>
    public static IEnumerable<ClientLimitWarning> Check(string serverName, IReadOnlyCollection<ExposedTool> tools)
    {
        ArgumentNullException.ThrowIfNull(serverName);
        ArgumentNullException.ThrowIfNull(tools);
        if (tools.Count > CursorTools)
        {
            yield return new ClientLimitWarning("Cursor",
                $"{tools.Count} tools: Cursor works with about {CursorTools} tools in total, over all its servers, and leaves the rest out");
        }

        if (tools.Count > VsCodeTools)
        {
            yield return new ClientLimitWarning("VS Code",
                $"{tools.Count} tools: VS Code sends at most {VsCodeTools} tools with a request");
        }

        var tooLong = tools.Where(t => serverName.Length + t.Name.Length > CursorNameLength).Select(t => t.Name).ToList();
        if (tooLong.Count > 0)
        {
            var shown = string.Join(", ", tooLong.Take(5).Select(n => $"`{n}`"));
            yield return new ClientLimitWarning("Cursor",
                $"server name + tool name over {CursorNameLength} characters for {tooLong.Count} tool{(tooLong.Count == 1 ? "" : "s")} ({shown}{(tooLong.Count > 5 ? ", …" : "")}): Cursor may not call {(tooLong.Count == 1 ? "it" : "them")}; use a shorter server name or alias");
        }
    }
}
