namespace McpSaas.Schema.Yaml;

/// <summary>A problem found while reading YAML, with a stable code and a 1-based position.</summary>
internal sealed record YamlProblem(string Code, int Line, int Column, string Message);
