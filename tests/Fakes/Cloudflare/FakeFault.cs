namespace McpSaas.Testing.Fakes.Cloudflare;

/// <summary>Faults the fake injects at <see cref="FakeCloudflareOptions.FaultRate"/> (before the request has any effect).</summary>
[Flags]
public enum FakeFault
{
    None = 0,

    /// <summary>429 with <c>retry-after</c> (<see cref="FakeCloudflareOptions.FaultRetryAfter"/>) and code 971.</summary>
    RateLimited = 1,

    /// <summary>500 with an envelope and no code.</summary>
    ServerError = 2,

    /// <summary>No answer for <see cref="FakeCloudflareOptions.HangTime"/> (real time), then 504: the client's timeout fires first.</summary>
    Timeout = 4,

    /// <summary>409 with code 10035 (concurrent modification).</summary>
    ConcurrentModification = 8,

    All = RateLimited | ServerError | Timeout | ConcurrentModification,
}
