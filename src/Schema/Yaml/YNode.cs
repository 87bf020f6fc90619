namespace McpSaas.Schema.Yaml;

/// <summary>A node of the YAML tree with its 1-based source position (the validator's own tree, so duplicate keys survive).</summary>
internal abstract class YNode
{
    protected YNode(int line, int column)
    {
        Line = line;
        Column = column;
    }

    public int Line { get; }

    public int Column { get; }

    /// <summary>The node an alias points at, or this node.</summary>
    public virtual YNode Target => this;
}
