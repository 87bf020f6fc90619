namespace McpSaas.Schema.Yaml;

internal sealed record YEntry(YNode Key, YNode Value);
