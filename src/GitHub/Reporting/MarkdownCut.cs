using System.Globalization;

namespace McpSaas.GitHub.Reporting;

/// <summary>
/// Cuts Markdown to a size GitHub accepts, at a line boundary, closing an open code fence and <c>details</c> block, and
/// says what was left out. The texts it cuts hold no secret (reports are built from names, references and versions
/// only), so what is cut never hides or half-shows one.
/// </summary>
internal static class MarkdownCut
{
    /// <summary>Returns <paramref name="text"/> when it fits in <paramref name="max"/> characters, else its first lines and a note.</summary>
    /// <param name="text">The Markdown.</param>
    /// <param name="max">The most characters the result may have.</param>
    /// <param name="where">Where the whole text can be read (said in the note).</param>
    public static string Fit(string text, int max, string where)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(where);
        if (text.Length <= max)
        {
            return text;
        }

        const int Reserve = 400; // the closing fence and details, and the note
        var budget = Math.Max(0, max - Reserve - where.Length);
        var cut = text.LastIndexOf('\n', Math.Min(budget, text.Length - 1));
        var kept = cut <= 0 ? "" : text[..(cut + 1)];
        if (char.IsHighSurrogate(kept.Length > 0 ? kept[^1] : ' '))
        {
            kept = kept[..^1];
        }

        var omitted = text[kept.Length..].Count(c => c == '\n') + (text.EndsWith('\n') ? 0 : 1);
        var lines = kept.Split('\n');
        var fenceOpen = lines.Count(l => l.TrimStart().StartsWith("```", StringComparison.Ordinal)) % 2 == 1;
        var detailsOpen = lines.Count(l => l.Contains("<details>", StringComparison.Ordinal)) - lines.Count(l => l.Contains("</details>", StringComparison.Ordinal));
        var closing = (fenceOpen ? "```\n" : "") + string.Concat(Enumerable.Repeat("\n</details>\n", Math.Max(0, detailsOpen)));
        return kept + closing + string.Create(CultureInfo.InvariantCulture,
            $"\n> ✂️ **Cut here**: {omitted:N0} more line{(omitted == 1 ? "" : "s")} did not fit in GitHub's limit ({max:N0} characters). {where}\n");
    }
}
