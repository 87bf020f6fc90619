using YamlDotNet.Core;
using McpSaas.Schema.Diagnostics;
using YamlDotNet.Core.Events;

namespace McpSaas.Schema.Yaml;

/// <summary>
/// Builds <see cref="YNode"/> trees from YamlDotNet's event stream, keeping 1-based positions and duplicate keys.
/// Never throws: a parser failure becomes <see cref="YStream.Error"/> with the parser's position (or the last
/// position read when the parser gives none). Nesting is capped; aliases are kept as nodes so their expansion
/// can be counted later (billion laughs); an alias to an unknown or still-open anchor stops that document.
/// The first node nested deeper than <see cref="MaxDepth"/> stops the whole stream at once (MCP007): nothing after it
/// is scanned, so hostile nesting costs no more than 64 levels of it (the parser's cost per token grows with the
/// nesting it has open, so reading on would be quadratic). Likewise the first node past <see cref="MaxFileNodes"/> stops
/// the stream (MCP009), so the work any file can cause is bounded (documents too: each has a node).
/// </summary>
internal static class YamlTreeReader
{
    /// <summary>Deepest nesting of mappings and sequences accepted (a manifest needs about 6).</summary>
    public const int MaxDepth = 64;

    /// <summary>
    /// Most YAML nodes (scalars, mappings, sequences and aliases, as written; every document has at least one) one
    /// file may hold. A manifest needs well under 500; a file of twenty servers well under 5,000. Beyond it, reading,
    /// checking and reporting on every node would cost more than the 200 ms a 1 MiB file may take.
    /// </summary>
    public const int MaxFileNodes = 5_000;

    public static YStream Read(string text, List<(int StartLine, int EndLine)>? multilineScalars = null)
    {
        var documents = new List<YDocument>();
        var stack = new List<Frame>();
        var anchors = new Dictionary<string, YNode>(StringComparer.Ordinal);
        YNode? root = null;
        YamlProblem? problem = null;
        YamlProblem? stopped = null;
        int docLine = 1, docColumn = 1, nodeCount = 0;
        Mark last = Mark.Empty;
        try
        {
            var parser = new Parser(new StringReader(text));
            while (stopped is null && parser.MoveNext())
            {
                var e = parser.Current!;
                last = e.End;
                if (OverBudget(e))
                {
                    break;
                }

                switch (e)
                {
                    case DocumentStart:
                        stack.Clear();
                        anchors.Clear();
                        root = null;
                        problem = null;
                        (docLine, docColumn) = Position(e.Start);
                        break;
                    case DocumentEnd:
                        documents.Add(new YDocument(docLine, docColumn, problem is null ? root : null, problem));
                        break;
                    case Scalar s when problem is null:
                        var (sl, sc) = Position(s.Start);
                        var endLine = (int)Math.Max(1, s.End.Line);
                        if (endLine > sl)
                        {
                            multilineScalars?.Add((sl, endLine));
                        }

                        var scalar = new YScalar(sl, sc, s.Value, s.Style, TagOf(s), endLine);
                        Add(scalar);
                        Anchor(s, scalar);
                        break;
                    case MappingStart m when problem is null:
                        if (!TooDeep(m))
                        {
                            var (ml, mc) = Position(m.Start);
                            var mapping = new YMapping(ml, mc);
                            Add(mapping);
                            stack.Add(new Frame(mapping, m.Anchor.IsEmpty ? null : m.Anchor.Value));
                        }

                        break;
                    case SequenceStart q when problem is null:
                        if (!TooDeep(q))
                        {
                            var (ql, qc) = Position(q.Start);
                            var sequence = new YSequence(ql, qc);
                            Add(sequence);
                            stack.Add(new Frame(sequence, q.Anchor.IsEmpty ? null : q.Anchor.Value));
                        }

                        break;
                    case MappingEnd or SequenceEnd when problem is null:
                        var frame = stack[^1];
                        stack.RemoveAt(stack.Count - 1);
                        if (frame.Anchor is not null)
                        {
                            anchors[frame.Anchor] = frame.Node;
                        }

                        break;
                    case AnchorAlias a when problem is null:
                        var (al, ac) = Position(a.Start);
                        if (anchors.TryGetValue(a.Value.Value, out var target))
                        {
                            Add(new YAlias(al, ac, target));
                        }
                        else
                        {
                            var open = stack.Any(f => f.Anchor == a.Value.Value);
                            problem = new YamlProblem(
                                DiagnosticCodes.UnknownAlias, al, ac,
                                open ? "an alias refers to the collection that contains it (a recursive structure is not allowed)"
                                     : "an alias refers to an anchor that is not defined earlier in this document");
                        }

                        break;
                }
            }

            return new YStream(documents, stopped);
        }
        catch (YamlException e)
        {
            var (line, column) = Position(e.Start);
            if (line == 1 && column == 1 && last.Line > 0)
            {
                (line, column) = Position(last);
            }

            return new YStream(documents, new YamlProblem(DiagnosticCodes.Syntax, line, column, Clean(e.Message)));
        }
#pragma warning disable CA1031 // The parser has known failures without a position (unclosed flow collections); any of them must become a diagnostic, never escape.
        catch (Exception)
#pragma warning restore CA1031
        {
            var (line, column) = last.Line > 0 ? Position(last) : (1, 1);
            return new YStream(documents, new YamlProblem(
                DiagnosticCodes.Syntax, line, column,
                "malformed YAML: a flow collection ([…] or {…}) or a quoted string is not closed"));
        }

        void Add(YNode node)
        {
            if (stack.Count == 0)
            {
                root = node;
                return;
            }

            var parent = stack[^1];
            if (parent.Node is YSequence sequence)
            {
                sequence.Items.Add(node);
            }
            else if (parent.PendingKey is null)
            {
                parent.PendingKey = node;
            }
            else
            {
                ((YMapping)parent.Node).Entries.Add(new YEntry(parent.PendingKey, node));
                parent.PendingKey = null;
            }
        }

        void Anchor(NodeEvent e, YNode node)
        {
            if (!e.Anchor.IsEmpty)
            {
                anchors[e.Anchor.Value] = node;
            }
        }

        bool OverBudget(ParsingEvent e)
        {
            if (e is not (Scalar or MappingStart or SequenceStart or AnchorAlias) || ++nodeCount <= MaxFileNodes)
            {
                return false;
            }

            var (line, column) = Position(e.Start);
            stopped = new YamlProblem(DiagnosticCodes.TooManyNodes, line, column,
                string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"more than {MaxFileNodes:N0} YAML nodes in one file (a manifest needs a few hundred): the file is not read further; split it into several files"));
            return true;
        }

        bool TooDeep(NodeEvent e)
        {
            if (stack.Count < MaxDepth)
            {
                return false;
            }

            var (line, column) = Position(e.Start);
            stopped = new YamlProblem(DiagnosticCodes.TooDeep, line, column,
                $"nesting deeper than {MaxDepth} levels (a manifest needs about 6): the file is not read further");
            return true;
        }
    }

    private static string TagOf(NodeEvent e) => e.Tag.IsEmpty || e.Tag.Value == "?" ? "" : e.Tag.Value;

    private static (int Line, int Column) Position(Mark mark) => ((int)Math.Max(1, mark.Line), (int)Math.Max(1, mark.Column));

    private static string Clean(string message)
    {
        var m = message.Trim();
        return m.Length == 0 ? "malformed YAML" : char.ToLowerInvariant(m[0]) + m[1..].TrimEnd('.');
    }

    private sealed class Frame(YNode node, string? anchor)
    {
        public YNode Node { get; } = node;

        public string? Anchor { get; } = anchor;

        public YNode? PendingKey { get; set; }
    }
}
