using System.Text;

namespace McpSaas.Schema.Secrets;

/// <summary>
/// Replaces every occurrence of the credential-looking values flagged in a document with <c>[redacted]</c>, in time
/// linear in the text: values are indexed by their first <see cref="PrefixLength"/> characters (every flagged value is
/// at least that long), so a document with 10,000 flagged values and 10,000 diagnostics costs no 10⁸ searches.
/// </summary>
internal sealed class FlaggedValueRedactor
{
    /// <summary>The shortest value <see cref="CredentialDetector.Detect"/> ever flags.</summary>
    public const int PrefixLength = 8;

    private const string Redacted = "[redacted]";

    private readonly Dictionary<string, List<string>> _byPrefix = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public FlaggedValueRedactor(IEnumerable<string> values)
    {
        foreach (var value in values)
        {
            if (value.Length < PrefixLength)
            {
                continue;
            }

            var prefix = value[..PrefixLength];
            if (!_byPrefix.TryGetValue(prefix, out var list))
            {
                _byPrefix[prefix] = list = [];
            }

            list.Add(value);
        }

        foreach (var list in _byPrefix.Values)
        {
            list.Sort((a, b) => b.Length.CompareTo(a.Length)); // the longest match wins
        }

        _lookup = _byPrefix.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public string Redact(string text)
    {
        if (_byPrefix.Count == 0 || text.Length < PrefixLength)
        {
            return text;
        }

        StringBuilder? result = null;
        var copied = 0;
        var i = 0;
        while (i <= text.Length - PrefixLength)
        {
            var match = _lookup.TryGetValue(text.AsSpan(i, PrefixLength), out var candidates)
                ? candidates.Find(c => text.AsSpan(i).StartsWith(c, StringComparison.Ordinal))
                : null;
            if (match is null)
            {
                i++;
                continue;
            }

            result ??= new StringBuilder(text.Length);
            result.Append(text, copied, i - copied).Append(Redacted);
            i += match.Length;
            copied = i;
        }

        return result is null ? text : result.Append(text, copied, text.Length - copied).ToString();
    }
}
