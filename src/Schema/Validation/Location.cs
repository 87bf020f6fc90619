using McpSaas.Schema.Yaml;

namespace McpSaas.Schema.Validation;

/// <summary>A node of a document: its value node, the key it sits under (if any) and its dotted path.</summary>
internal sealed record Location(YNode Node, YNode? Key, string DocPath, IReadOnlyList<object> Segments, bool Found)
{
    /// <summary>1-based line of the value.</summary>
    public int Line => Node.Line;

    public int Column => Node.Column;

    /// <summary>The position of the key (for unknown, duplicate or missing fields), else of the value.</summary>
    public Location AtKey => Key is null ? this : this with { Node = Key };

    public bool IsFlagged(IReadOnlySet<YNode> flagged) => flagged.Contains(Node.Target) || (Key is not null && flagged.Contains(Key.Target));
}
