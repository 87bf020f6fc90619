using System.Text.Json.Serialization;

namespace McpSaas.Reconciler.Desired;

/// <summary>Where a secret binding's value comes from. <see cref="Version"/> enters the content hash; the value never does.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(StoredSecret), "stored")]
[JsonDerivedType(typeof(UsageTokenSecret), "usage-token")]
public abstract record SecretSource(int Version);

/// <summary>A secret of the org's secret store, by reference (<c>secrets:</c> in mcp.yaml).</summary>
public sealed record StoredSecret(string Reference, int Version) : SecretSource(Version);

/// <summary>The server's usage ingest token (stable across deploys).</summary>
public sealed record UsageTokenSecret(int Version) : SecretSource(Version);
