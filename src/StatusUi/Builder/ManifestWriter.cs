using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace McpSaas.StatusUi.Builder;

/// <summary>
/// Writes a <see cref="ManifestDraft"/> as an <c>mcp.yaml</c> document in the manifest-v1 shape. Every field the form has
/// is written even when empty, so the validator reports a problem at that field. Strings are plain when that cannot be
/// misread (no YAML keyword, number or punctuation), else double-quoted with JSON escapes (valid YAML).
/// </summary>
public static partial class ManifestWriter
{
    public const string SchemaComment = "# yaml-language-server: $schema=https://mcpsaas.dev/schemas/mcp.schema.json";

    public static string Write(ManifestDraft draft)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var yaml = new StringBuilder();
        yaml.Append(SchemaComment).Append('\n');
        yaml.Append("apiVersion: mcpsaas.dev/v1\n");
        yaml.Append("kind: McpServer\n");
        yaml.Append("metadata:\n");
        yaml.Append("  name: ").Append(Scalar(draft.Name)).Append('\n');
        if (!string.IsNullOrEmpty(draft.Description))
        {
            yaml.Append("  description: ").Append(Scalar(draft.Description)).Append('\n');
        }

        yaml.Append("spec:\n");
        yaml.Append("  plan: ").Append(Scalar(draft.Plan)).Append('\n');
        if (draft.Tools.Count == 0)
        {
            yaml.Append("  tools: []\n");
        }
        else
        {
            yaml.Append("  tools:\n");
            foreach (var tool in draft.Tools)
            {
                yaml.Append("    - use: ").Append(Scalar(tool.Use)).Append('\n');
                if (!string.IsNullOrEmpty(tool.As))
                {
                    yaml.Append("      as: ").Append(Scalar(tool.As)).Append('\n');
                }

                if (tool.Settings.Count > 0)
                {
                    yaml.Append("      with:\n");
                    foreach (var setting in tool.Settings)
                    {
                        yaml.Append("        ").Append(Key(setting.Name)).Append(": ").Append(Value(setting.Value)).Append('\n');
                    }
                }

                if (tool.Secrets.Count > 0)
                {
                    yaml.Append("      secrets:\n");
                    foreach (var (input, reference) in tool.Secrets)
                    {
                        yaml.Append("        ").Append(Key(input)).Append(": ").Append(Scalar(reference)).Append('\n');
                    }
                }
            }
        }

        if (!string.IsNullOrWhiteSpace(draft.RateLimitPerMinute))
        {
            var rate = draft.RateLimitPerMinute.Trim();
            yaml.Append("  access:\n");
            yaml.Append("    rateLimitPerMinute: ")
                .Append(long.TryParse(rate, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n.ToString(CultureInfo.InvariantCulture) : Quoted(rate))
                .Append('\n');
        }

        return yaml.ToString();
    }

    /// <summary>One <c>spec.tools</c> entry alone, indented for pasting under <c>tools:</c>.</summary>
    public static string WriteToolEntry(ToolDraft tool)
    {
        ArgumentNullException.ThrowIfNull(tool);
        var full = Write(new ManifestDraft { Name = "x", Plan = "free", Tools = [tool] });
        var start = full.IndexOf("    - use:", StringComparison.Ordinal);
        return full[start..];
    }

    public static string Value(SettingValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Value switch
        {
            bool b => b ? "true" : "false",
            long n => n.ToString(CultureInfo.InvariantCulture),
            IReadOnlyList<string> items => $"[{string.Join(", ", items.Select(Scalar))}]",
            string s => Scalar(s),
            _ => throw new InvalidOperationException("unknown setting value"),
        };
    }

    /// <summary>A string scalar: plain when unambiguous, else double-quoted.</summary>
    public static string Scalar(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return PlainSafe().IsMatch(text) && !Keyword().IsMatch(text) && !NumberLike().IsMatch(text) ? text : Quoted(text);
    }

    /// <summary>A double-quoted scalar: JSON string escapes are YAML's (only quotes, backslashes and control characters escaped).</summary>
    private static string Quoted(string text) => JsonSerializer.Serialize(text, QuotedOptions);

    private static readonly JsonSerializerOptions QuotedOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static string Key(string key) => PlainSafe().IsMatch(key) && !Keyword().IsMatch(key) ? key : Quoted(key);

    [GeneratedRegex("^[A-Za-z0-9_][A-Za-z0-9_.@/-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex PlainSafe();

    [GeneratedRegex("^(?:true|false|yes|no|on|off|null|y|n)$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Keyword();

    [GeneratedRegex(@"^[-+]?(?:[0-9][0-9_]*(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?|0x[0-9a-fA-F]+|0o[0-7]+|\.[0-9]+)$", RegexOptions.CultureInvariant)]
    private static partial Regex NumberLike();
}
