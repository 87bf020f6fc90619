namespace McpSaas.Schema.Yaml;

/// <summary>An alias (<c>*name</c>) to an anchored node; kept as its own node so expansion can be counted and capped.</summary>
internal sealed class YAlias(int line, int column, YNode target) : YNode(line, column)
{
    public override YNode Target { get; } = target.Target;
}
