namespace McpSaas.Schema.Yaml;

/// <summary>A mapping in source order; duplicate keys are kept (the validator reports them).</summary>
internal sealed class YMapping(int line, int column) : YNode(line, column)
{
    private const int IndexFrom = 8;
    private Dictionary<string, YEntry>? _index;
    private int _indexed;

    public List<YEntry> Entries { get; } = [];

    /// <summary>
    /// The first entry whose key is the plain string <paramref name="key"/> (as in the JSON form: the first
    /// occurrence of a duplicate key wins). Large mappings are indexed once, so looking up every key of a mapping of
    /// 5,000 keys (one diagnostic each) is not 5,000 × 5,000 comparisons.
    /// </summary>
    public YEntry? Find(string key)
    {
        if (Entries.Count < IndexFrom)
        {
            return Entries.Find(e => e.Key.Target is YScalar s && s.Value == key);
        }

        if (_index is null || _indexed != Entries.Count)
        {
            _index = new Dictionary<string, YEntry>(Entries.Count, StringComparer.Ordinal);
            foreach (var entry in Entries)
            {
                if (entry.Key.Target is YScalar s)
                {
                    _index.TryAdd(s.Value, entry);
                }
            }

            _indexed = Entries.Count;
        }

        return _index.GetValueOrDefault(key);
    }
}
