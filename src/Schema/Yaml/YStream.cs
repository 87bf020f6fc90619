namespace McpSaas.Schema.Yaml;

/// <summary>The result of reading a YAML stream: its documents, or the error that made the stream unreadable.</summary>
internal sealed record YStream(IReadOnlyList<YDocument> Documents, YamlProblem? Error);
