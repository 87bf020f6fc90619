using McpSaas.Reconciler.Identity;

namespace McpSaas.Reconciler.Desired;

/// <summary>Lookups the Desire step needs from the state store and the platform, kept small so tests pass plain fakes.</summary>
public interface IDesireInputs
{
    /// <summary>Current version of a secret visible to the repository (repo scope wins over org scope), or null when not set.</summary>
    int? SecretVersion(string org, string repo, string reference);

    /// <summary>The server's live (not revoked) named keys.</summary>
    IReadOnlyList<NamedKeyHash> Keys(ServerId server);

    /// <summary>Version of the server's usage ingest token (bumped only when it is rotated).</summary>
    int UsageTokenVersion(ServerId server);

    EndpointProfile Endpoint(ServerIdentity identity, string scriptName);
}
