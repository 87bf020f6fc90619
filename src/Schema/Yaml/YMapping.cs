namespace McpSaas.Schema.Yaml;

/// <summary>A mapping in source order; duplicate keys are kept (the validator reports them).</summary>
internal sealed class YMapping(int line, int column) : YNode(line, column)
{
    public List<YEntry> Entries { get; } = [];
}
