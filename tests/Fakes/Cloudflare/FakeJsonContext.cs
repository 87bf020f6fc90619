using System.Text.Json.Serialization;

namespace McpSaas.Testing.Fakes.Cloudflare;

/// <summary>Source-generated JSON for the few plain values the fake serialises (the rest is <c>JsonNode</c>).</summary>
[JsonSerializable(typeof(string))]
internal sealed partial class FakeJsonContext : JsonSerializerContext;
