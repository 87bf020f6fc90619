using System.Text.Json;
using McpSaas.Schema.Diagnostics;
using McpSaas.Schema.Yaml;

namespace McpSaas.Schema.Loading;

/// <summary>What <see cref="DocumentWalker"/> found: the JSON form (null when the alias budget ran out), problems, credential-looking scalars.</summary>
internal sealed record WalkResult(
    JsonDocument? Json,
    IReadOnlyList<Diagnostic> Diagnostics,
    IReadOnlySet<YNode> Flagged,
    IReadOnlySet<string> FlaggedValues);
