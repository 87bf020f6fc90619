namespace McpSaas.StatusUi.Model;

/// <summary>What <c>./mcpsaas connect</c> prints for a server: the whole text, and each client's snippet alone.</summary>
public sealed record ConnectView
{
    public required string McpUrl { get; init; }

    public required string SseUrl { get; init; }

    /// <summary>Exactly <c>./mcpsaas connect SERVER-ID</c>'s output.</summary>
    public required string Text { get; init; }

    /// <summary>The URLs and auth lines at the top of <see cref="Text"/>.</summary>
    public required string Header { get; init; }

    /// <summary>Each exactly <c>./mcpsaas connect SERVER-ID --client C</c>'s output.</summary>
    public required IReadOnlyList<ClientSnippetView> Clients { get; init; }
}
