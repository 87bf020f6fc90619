using System.Text;

namespace McpSaas.Cli.Output;

/// <summary>Plain aligned columns for people (two spaces apart); numeric columns right-aligned.</summary>
internal static class TextTable
{
    public static string Render(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows, ISet<int>? rightAligned = null, string indent = "")
    {
        var all = new List<IReadOnlyList<string>> { headers };
        all.AddRange(rows);
        var widths = headers.Select((_, i) => all.Max(r => r[i].Length)).ToArray();
        var text = new StringBuilder();
        foreach (var row in all)
        {
            text.Append(indent);
            for (var i = 0; i < row.Count; i++)
            {
                var last = i == row.Count - 1;
                var cell = rightAligned?.Contains(i) == true ? row[i].PadLeft(widths[i]) : last ? row[i] : row[i].PadRight(widths[i]);
                text.Append(cell);
                if (!last)
                {
                    text.Append("  ");
                }
            }

            text.Append('\n');
        }

        return text.ToString();
    }
}
