using McpSaas.Reconciler.Desired;
using McpSaas.Reconciler.Identity;

namespace McpSaas.Reconciler.Tests.Support;

/// <summary>A hand-written fake of the state-store lookups the Desire step makes.</summary>
public sealed class FakeDesireInputs : IDesireInputs
{
    public Dictionary<string, int> Secrets { get; } = new(StringComparer.Ordinal);

    public Dictionary<ServerId, List<NamedKeyHash>> KeyRing { get; } = [];

    public Dictionary<ServerId, int> UsageTokens { get; } = [];

    public int? SecretVersion(string org, string repo, string reference) =>
        Secrets.TryGetValue($"{org}/{repo}/{reference}", out var scoped) ? scoped
        : Secrets.TryGetValue($"{org}/{reference}", out var v) ? v : null;

    public IReadOnlyList<NamedKeyHash> Keys(ServerId server) => KeyRing.TryGetValue(server, out var k) ? k : [];

    public int UsageTokenVersion(ServerId server) => UsageTokens.TryGetValue(server, out var v) ? v : 1;

    public EndpointProfile Endpoint(ServerIdentity identity, string scriptName) => new(
        $"http://127.0.0.1:8790/{identity.Id}",
        ["127.0.0.1:8790", "localhost:8790"],
        "http://127.0.0.1:8791/api/usage");
}
