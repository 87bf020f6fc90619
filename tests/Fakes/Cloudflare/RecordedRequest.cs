using System.Text;

namespace McpSaas.Testing.Fakes.Cloudflare;

/// <summary>One request the fake received, as it came (headers and body bytes), with what it answered.</summary>
/// <param name="Sequence">1-based order of arrival.</param>
/// <param name="At">Arrival time on the fake's clock.</param>
/// <param name="Path">The path under the API root (<c>/accounts/…</c>), without the query.</param>
/// <param name="Query">The query string with its <c>?</c>, or empty.</param>
/// <param name="Status">The HTTP status answered (0 while a hang is in progress).</param>
/// <param name="ErrorCode">The first envelope error code answered, or null.</param>
/// <param name="Fault">The fault injected, or <see cref="FakeFault.None"/>.</param>
public sealed record RecordedRequest(
    long Sequence,
    DateTimeOffset At,
    string Method,
    string Path,
    string Query,
    IReadOnlyDictionary<string, string> Headers,
    byte[] Body,
    int Status,
    int? ErrorCode,
    FakeFault Fault)
{
    public string BodyText => Encoding.UTF8.GetString(Body);

    /// <summary>Whether the request changes something (not a GET).</summary>
    public bool IsWrite => Method != "GET";

    /// <summary>Whether the body is a secret body: <c>PUT …/secrets</c> or <c>PATCH …/secrets-bulk</c>.</summary>
    public bool IsSecretBody => (Method == "PUT" && Path.EndsWith("/secrets", StringComparison.Ordinal))
        || (Method == "PATCH" && Path.EndsWith("/secrets-bulk", StringComparison.Ordinal));

    public override string ToString() => $"#{Sequence} {Method} {Path}{Query} → {Status}{(ErrorCode is { } c ? $" ({c})" : "")}{(Fault != FakeFault.None ? $" [fault {Fault}]" : "")}";
}
