using System.Text.Json.Serialization;
using McpSaas.Schema.Manifests;

namespace McpSaas.Cli.Commands;

/// <summary>The <c>validate --json</c> document (README, "validate --json"). Part of the interface: keep it stable.</summary>
internal sealed class ValidateJson
{
    [JsonPropertyName("valid")]
    public required bool Valid { get; init; }

    [JsonPropertyName("files")]
    public required int Files { get; init; }

    [JsonPropertyName("servers")]
    public required int Servers { get; init; }

    [JsonPropertyName("errors")]
    public required int Errors { get; init; }

    [JsonPropertyName("warnings")]
    public required int Warnings { get; init; }

    [JsonPropertyName("diagnostics")]
    public required IReadOnlyList<ValidateJsonDiagnostic> Diagnostics { get; init; }

    [JsonPropertyName("manifests")]
    public required IReadOnlyList<ValidateJsonFile> Manifests { get; init; }

    public static ValidateJson From(IReadOnlyList<ManifestFile> files, ValidateSummary summary) => new()
    {
        Valid = summary.Errors == 0,
        Files = summary.Files,
        Servers = summary.Servers,
        Errors = summary.Errors,
        Warnings = summary.Warnings,
        Diagnostics = [.. files.SelectMany(f => f.AllDiagnostics).Select(d => new ValidateJsonDiagnostic
        {
            Path = d.Path,
            Line = d.Line,
            Column = d.Column,
            Severity = d.IsError ? "error" : "warning",
            Code = d.Code,
            DocPath = d.DocPath,
            Message = d.Message,
            Text = d.ToString(),
        })],
        Manifests = [.. files.Select(f => new ValidateJsonFile
        {
            Path = f.Path,
            ParseFailed = f.ParseFailed,
            Servers = [.. f.Documents.Select(doc => new ValidateJsonServer { Name = doc.Name, Line = doc.NameLine, Valid = doc.IsValid })],
        })],
    };
}
