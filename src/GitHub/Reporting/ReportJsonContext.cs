using System.Text.Json.Serialization;

namespace McpSaas.GitHub.Reporting;

/// <summary>Source-generated JSON for the outbox payloads.</summary>
[JsonSourceGenerationOptions(WriteIndented = false, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CheckRunPayload))]
[JsonSerializable(typeof(StatusPayload))]
[JsonSerializable(typeof(CommentPayload))]
internal sealed partial class ReportJsonContext : JsonSerializerContext;
