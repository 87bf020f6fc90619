namespace McpSaas.Schema.Yaml;

/// <summary>One YAML document: its root (null when empty) and the problem that stopped it being read, if any.</summary>
internal sealed record YDocument(int Line, int Column, YNode? Root, YamlProblem? Problem);
