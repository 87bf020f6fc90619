using System.Text;
using System.Text.Json;

namespace McpSaas.Schema.Validation;

/// <summary>Formats a path in a document the canonical way: <c>spec.tools[1].use</c>; odd keys as <c>labels["a.b"]</c>.</summary>
internal static class DocPath
{
    public static string Format(IReadOnlyList<object> segments)
    {
        var sb = new StringBuilder();
        foreach (var segment in segments)
        {
            Append(sb, segment);
        }

        return sb.ToString();
    }

    public static string Append(string path, object segment)
    {
        var sb = new StringBuilder(path);
        Append(sb, segment);
        return sb.ToString();
    }

    private static void Append(StringBuilder sb, object segment)
    {
        if (segment is int index)
        {
            sb.Append('[').Append(index).Append(']');
            return;
        }

        var key = (string)segment;
        if (IsSimple(key))
        {
            if (sb.Length > 0)
            {
                sb.Append('.');
            }

            sb.Append(key);
        }
        else
        {
            sb.Append('[').Append(JsonSerializer.Serialize(key, SchemaJsonContext.Default.String)).Append(']');
        }
    }

    private static bool IsSimple(string key)
    {
        if (key.Length == 0 || !(char.IsAsciiLetter(key[0]) || key[0] == '_'))
        {
            return false;
        }

        foreach (var c in key)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '-'))
            {
                return false;
            }
        }

        return true;
    }
}
