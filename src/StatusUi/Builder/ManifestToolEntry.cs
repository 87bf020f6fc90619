namespace McpSaas.StatusUi.Builder;

/// <summary>One <c>spec.tools</c> entry of a server as written in its manifest: its position in the list, <c>use</c> and <c>as</c>, and the lines it spans (1-based, inclusive).</summary>
public sealed record ManifestToolEntry(int Index, string Use, string? As, int FirstLine, int LastLine)
{
    /// <summary>The name clients see it under: its alias, else its tool id.</summary>
    public string Name => As ?? Use;
}
