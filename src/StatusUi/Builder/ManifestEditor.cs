using System.Text;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace McpSaas.StatusUi.Builder;

/// <summary>
/// Edits one server's <c>spec.tools</c> in a manifest file as text, so everything else — other documents, comments, key
/// order, quoting — stays exactly as written: removing an entry deletes the lines it spans; adding entries inserts them
/// after the last one at the same indentation (written by <see cref="ManifestWriter"/>). Only a block list whose entries
/// each start on their own <c>- </c> line is edited (no flow style, anchors or aliases); the result is parsed again and
/// must hold exactly the expected entries, else the edit is refused and the file is edited on GitHub instead.
/// </summary>
public static partial class ManifestEditor
{
    /// <summary>The entries of <paramref name="serverName"/>'s <c>spec.tools</c>, or why they cannot be edited here.</summary>
    public static (IReadOnlyList<ManifestToolEntry>? Tools, string? Error) Tools(string text, string serverName)
    {
        var (located, error) = Locate(text, serverName);
        return (located?.Entries, error);
    }

    public static ManifestEdit RemoveTool(string text, string serverName, int index)
    {
        ArgumentNullException.ThrowIfNull(text);
        var (located, error) = Locate(text, serverName);
        if (located is null)
        {
            return ManifestEdit.Refused(error!);
        }

        if (index < 0 || index >= located.Entries.Count)
        {
            return ManifestEdit.Refused($"the server {serverName} has no tool entry {index + 1} (the manifest changed: load the page again)");
        }

        if (located.Entries.Count == 1)
        {
            return ManifestEdit.Refused($"{located.Entries[0].Name} is the only tool of {serverName}: a server needs at least one (delete its manifest on GitHub to remove the server)");
        }

        var entry = located.Entries[index];
        var lines = SplitLines(text);
        lines.RemoveRange(entry.FirstLine - 1, entry.LastLine - entry.FirstLine + 1);
        var edited = string.Concat(lines);
        return Verify(edited, serverName, [.. located.Entries.Where(e => e.Index != index).Select(e => (e.Use, e.As))]);
    }

    public static ManifestEdit AddTools(string text, string serverName, IReadOnlyList<ToolDraft> tools)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(tools);
        if (tools.Count == 0)
        {
            return ManifestEdit.Refused("tick at least one tool to add");
        }

        var (located, error) = Locate(text, serverName);
        if (located is null)
        {
            return ManifestEdit.Refused(error!);
        }

        var lines = SplitLines(text);
        var newline = text.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";
        var after = located.Entries[^1].LastLine; // insert after this line (1-based)
        if (!lines[after - 1].EndsWith('\n'))
        {
            lines[after - 1] += newline;
        }

        var indent = new string(' ', located.DashColumn);
        var inserted = new List<string>();
        foreach (var tool in tools)
        {
            foreach (var line in ManifestWriter.WriteToolEntry(tool).Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                inserted.Add(indent + line[4..] + newline); // WriteToolEntry indents entries by 4
            }
        }

        lines.InsertRange(after, inserted);
        return Verify(string.Concat(lines), serverName, [.. located.Entries.Select(e => (e.Use, e.As)), .. tools.Select(t => (t.Use, t.As))]);
    }

    private sealed record Located(IReadOnlyList<ManifestToolEntry> Entries, int DashColumn);

    private static (Located? Located, string? Error) Locate(string text, string serverName)
    {
        YamlStream stream;
        try
        {
            stream = new YamlStream();
            stream.Load(new StringReader(text));
        }
        catch (Exception e) when (e is YamlException or InvalidOperationException)
        {
            return (null, $"the manifest could not be read as YAML ({e.Message}): fix it on GitHub first");
        }

        YamlSequenceNode? tools = null;
        var found = 0;
        foreach (var document in stream.Documents)
        {
            if (document.RootNode is YamlMappingNode root && Child(root, "metadata") is YamlMappingNode metadata
                && Child(metadata, "name") is YamlScalarNode { Value: var name } && name == serverName)
            {
                found++;
                tools = Child(root, "spec") is YamlMappingNode spec ? Child(spec, "tools") as YamlSequenceNode : null;
            }
        }

        if (found == 0)
        {
            return (null, $"the manifest has no server named {serverName} any more: load the page again");
        }

        if (found > 1)
        {
            return (null, $"the manifest declares {serverName} more than once: fix it on GitHub first");
        }

        if (tools is null || tools.Children.Count == 0)
        {
            return (null, $"{serverName}'s spec.tools is not a list of tools: edit it on GitHub");
        }

        if (tools.Style == YamlDotNet.Core.Events.SequenceStyle.Flow)
        {
            return (null, $"{serverName}'s spec.tools is written in flow style ([…]): edit it on GitHub");
        }

        var lines = SplitLines(text);
        var entries = new List<ManifestToolEntry>();
        int? dashColumn = null;
        for (var i = 0; i < tools.Children.Count; i++)
        {
            var item = tools.Children[i];
            if (item is not YamlMappingNode mapping || !item.Anchor.IsEmpty
                || Child(mapping, "use") is not YamlScalarNode { Value: { Length: > 0 } use })
            {
                return (null, $"entry {i + 1} of {serverName}'s spec.tools is not a plain tool entry: edit it on GitHub");
            }

            var startLine = (int)item.Start.Line;
            var line = Content(lines[startLine - 1]);
            var prefix = line[..Math.Min(line.Length, (int)item.Start.Column - 1)];
            int column;
            if (DashPrefix().Match(prefix) is { Success: true } dash)
            {
                column = dash.Groups["indent"].Length;
            }
            else if (startLine >= 2 && string.IsNullOrWhiteSpace(prefix) && LoneDash().Match(Content(lines[startLine - 2])) is { Success: true } lone)
            {
                startLine--;
                column = lone.Groups["indent"].Length;
            }
            else
            {
                return (null, $"entry {i + 1} of {serverName}'s spec.tools does not start on its own '- ' line: edit it on GitHub");
            }

            if (dashColumn is not null && dashColumn != column)
            {
                return (null, $"the entries of {serverName}'s spec.tools are not aligned: edit it on GitHub");
            }

            dashColumn = column;
            var lastLine = LastLine(item);
            var nextStart = i + 1 < tools.Children.Count ? (int)tools.Children[i + 1].Start.Line : int.MaxValue;
            if (lastLine < startLine || lastLine >= nextStart || Descendants(item).Any(n => (int)n.Start.Line < startLine || (int)n.Start.Line > lastLine || !n.Anchor.IsEmpty))
            {
                return (null, $"entry {i + 1} of {serverName}'s spec.tools uses YAML anchors or aliases: edit it on GitHub");
            }

            entries.Add(new ManifestToolEntry(i, use, Child(mapping, "as") is YamlScalarNode { Value: { Length: > 0 } alias } ? alias : null, startLine, lastLine));
        }

        return (new Located(entries, dashColumn ?? 0), null);
    }

    /// <summary>The edit must parse and hold exactly the expected entries (by use and alias, in order).</summary>
    private static ManifestEdit Verify(string edited, string serverName, IReadOnlyList<(string Use, string? As)> expected)
    {
        var (located, error) = Locate(edited, serverName);
        if (located is null || !located.Entries.Select(e => (e.Use, e.As)).SequenceEqual(expected))
        {
            return ManifestEdit.Refused($"the change could not be made safely in this file ({error ?? "its tools did not come out as expected"}): edit it on GitHub");
        }

        return ManifestEdit.Done(edited);
    }

    /// <summary>The last line with content of a node (a block scalar or collection ends where its next token starts).</summary>
    private static int LastLine(YamlNode node) => node switch
    {
        YamlMappingNode { Style: not YamlDotNet.Core.Events.MappingStyle.Flow } mapping when mapping.Children.Count > 0 =>
            mapping.Children.Max(c => Math.Max(LastLine(c.Key), LastLine(c.Value))),
        YamlSequenceNode { Style: not YamlDotNet.Core.Events.SequenceStyle.Flow } sequence when sequence.Children.Count > 0 =>
            sequence.Children.Max(LastLine),
        _ => node.End.Column == 1 && node.End.Line > node.Start.Line ? (int)node.End.Line - 1 : (int)node.End.Line,
    };

    private static IEnumerable<YamlNode> Descendants(YamlNode node) => node switch
    {
        YamlMappingNode mapping => mapping.Children.SelectMany(c => (IEnumerable<YamlNode>)[c.Key, .. Descendants(c.Key), c.Value, .. Descendants(c.Value)]),
        YamlSequenceNode sequence => sequence.Children.SelectMany(c => (IEnumerable<YamlNode>)[c, .. Descendants(c)]),
        _ => [],
    };

    private static YamlNode? Child(YamlMappingNode mapping, string key) =>
        mapping.Children.FirstOrDefault(c => c.Key is YamlScalarNode { Value: var k } && k == key).Value;

    /// <summary>The lines of a text, each with its line ending (the last may have none).</summary>
    private static List<string> SplitLines(string text)
    {
        var lines = new List<string>();
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                lines.Add(text[start..(i + 1)]);
                start = i + 1;
            }
        }

        if (start < text.Length)
        {
            lines.Add(text[start..]);
        }

        return lines;
    }

    private static string Content(string line) => line.TrimEnd('\n', '\r');

    [GeneratedRegex(@"^(?<indent> *)-[ ]+$", RegexOptions.CultureInvariant)]
    private static partial Regex DashPrefix();

    [GeneratedRegex(@"^(?<indent> *)-[ ]*$", RegexOptions.CultureInvariant)]
    private static partial Regex LoneDash();

}
