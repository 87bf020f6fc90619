using YamlDotNet.Core;

namespace McpSaas.Schema.Yaml;

/// <summary>A scalar: its text, style and explicit tag (empty when untagged).</summary>
internal sealed class YScalar(int line, int column, string value, ScalarStyle style, string tag, int endLine) : YNode(line, column)
{
    public string Value { get; } = value;

    public ScalarStyle Style { get; } = style;

    /// <summary>Explicit tag, e.g. <c>tag:yaml.org,2002:str</c>; empty for none, <c>!</c> for the non-specific tag.</summary>
    public string Tag { get; } = tag;

    public int EndLine { get; } = endLine;

    public bool IsPlain => Style is ScalarStyle.Plain or ScalarStyle.Any;
}
