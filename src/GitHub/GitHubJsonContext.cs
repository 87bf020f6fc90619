using System.Text.Json.Serialization;
using McpSaas.GitHub.Webhooks;

namespace McpSaas.GitHub;

/// <summary>Source-generated JSON for GitHub's wire types (unknown fields are ignored: payloads carry far more than McpSaas reads).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.Unspecified)]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(WireEvent))]
internal sealed partial class GitHubJsonContext : JsonSerializerContext;
