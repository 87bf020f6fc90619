namespace McpSaas.Testing.Fakes.GitHub;

/// <summary>
/// One request the fake answered. <see cref="Auth"/> says how it authenticated (<c>jwt</c>, <c>installation</c>,
/// <c>basic</c>, <c>none</c> or <c>invalid</c>); the Authorization value itself is not kept, every other header is.
/// Bodies of API calls are kept as text (git pack data is not).
/// </summary>
public sealed record RecordedCall
{
    public required string Method { get; init; }

    public required string Path { get; init; }

    public required string Query { get; init; }

    public required int Status { get; init; }

    public required string Auth { get; init; }

    /// <summary>The installation the token belonged to, when authenticated as one.</summary>
    public long? InstallationId { get; init; }

    public required IReadOnlyDictionary<string, string> Headers { get; init; }

    public string? Body { get; init; }

    public required DateTimeOffset At { get; init; }
}
