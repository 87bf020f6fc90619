using System.Text;

namespace McpSaas.Validate.Bench;

/// <summary>
/// Hostile manifests of at most 1 MiB each (the loader's size limit), one per way of making a YAML loader slow:
/// deep nesting of every kind, long scalars, many documents, many keys, aliases, many diagnostics (issue #9.5).
/// </summary>
internal static class AdversarialInputs
{
    public const int Size = 1024 * 1024;

    public static IReadOnlyList<(string Name, byte[] Bytes)> All() =>
    [
        ("flow sequences [[[… unclosed", Fill("a: ", "[")),
        ("flow sequences [[[…]]] closed", Closed("a: ", "[", "]")),
        ("flow mappings {{{… unclosed", Fill("a: ", "{")),
        ("flow mappings {a: {a: … unclosed", Fill("", "{a: ")),
        ("flow mix [{[{… unclosed", Fill("a: ", "[{")),
        ("block sequences - - - …", Fill("", "- ")),
        ("block sequences, one per line", Indented("- ", step: 2)),
        ("block mappings, indent +1", Indented("a:", step: 1)),
        ("block mappings, indent +2", Indented("a:", step: 2)),
        ("explicit keys ? ? ? …", Fill("", "? ")),
        ("long plain scalar", Fill("a: ", "x")),
        ("long double-quoted scalar with escapes", Quoted()),
        ("long key", Fill("", "k") is var k ? [.. k[..^2], (byte)':', (byte)' '] : []),
        ("long block scalar (literal)", Lines("a: |\n", i => "  line of text number " + i)),
        ("long token-like value in a token field", Fill("token: ", "aZ9")),
        ("many documents (---)", Fill("", "---\n")),
        ("many documents with a mapping", Fill("", "---\na: 1\n")),
        ("documents with a mapping up to the node limit", Lines("", _ => "---\na: 1", count: 1_660)),
        ("many documents, each a manifest", Lines("", i => $"---\napiVersion: mcpsaas.dev/v1\nkind: McpServer\nmetadata: {{ name: s{i} }}\nspec: {{ plan: free, tools: [{{ use: fetch, with: {{ allowedHosts: [example.com] }} }}] }}")),
        ("200 manifests (at the node limit)", Lines("", i => $"---\napiVersion: mcpsaas.dev/v1\nkind: McpServer\nmetadata: {{ name: s{i} }}\nspec: {{ plan: free, tools: [{{ use: fetch, with: {{ allowedHosts: [example.com] }} }}] }}", count: 200)),
        ("a manifest at the node limit (labels)", Lines("apiVersion: mcpsaas.dev/v1\nkind: McpServer\nmetadata:\n  name: x\n  labels:\n", i => $"    l{i}: v", tail: "spec: { plan: free, tools: [{ use: fetch, with: { allowedHosts: [example.com] } }] }\n", count: 2_480)),
        ("unknown keys up to the node limit", Lines("", i => $"k{i}: v", count: 2_499)),
        ("many keys at the root", Lines("", i => $"k{i}: v")),
        ("many labels", Lines("apiVersion: mcpsaas.dev/v1\nkind: McpServer\nmetadata:\n  name: x\n  labels:\n", i => $"    l{i}: v")),
        ("many duplicate keys", Lines("", _ => "a: 1")),
        ("many tools, unknown ids", Lines("apiVersion: mcpsaas.dev/v1\nkind: McpServer\nmetadata: { name: x }\nspec:\n  plan: free\n  tools:\n", i => $"    - use: tool{i}")),
        ("fetch tool uses up to the node limit", Lines("apiVersion: mcpsaas.dev/v1\nkind: McpServer\nmetadata: { name: x }\nspec:\n  plan: enterprise\n  tools:\n", i => $"    - {{ use: fetch, as: f{i}, with: {{ allowedHosts: [h{i}.example.com] }} }}", count: 480)),
        ("unknown tools up to the node limit", Lines("apiVersion: mcpsaas.dev/v1\nkind: McpServer\nmetadata: { name: x }\nspec:\n  plan: free\n  tools:\n", i => $"    - use: tool{i}", count: 1_660)),
        ("many credential-looking values", Lines("", i => $"k{i}: ghp_{i:D36}")),
        ("credential-looking values up to the node limit", Lines("", i => $"k{i}: ghp_{i:D36}", count: 2_499)),
        ("many anchors", Lines("", i => $"k{i}: &a{i} v")),
        ("many aliases to one anchor", Close(Fill("a: &a [x]\nb: [", "*a, "), "]\n")),
        ("aliases to one anchor up to the node limit", Lines("a: &a [x]\nb:\n", _ => "  - *a", count: 4_990)),
        ("alias bomb", Bomb()),
        ("many multi-line scalars, then a syntax error", Lines("", i => $"k{i}: |\n  x", tail: "\n: : [")),
        ("many multi-line scalars, then a tab", Lines("", i => $"k{i}: |\n  x", tail: "\nz:\n\tq: 1\n")),
        ("multi-line scalars up to the node limit, then a syntax error", Lines("", i => $"k{i}: |\n  x", tail: "\n: : [", count: 2_490)),
        ("multi-line scalars up to the node limit, then a tab", Lines("", i => $"k{i}: |\n  x", tail: "\nz:\n\tq: 1\n", count: 2_490)),
        ("comments only", Lines("", i => "# comment " + i)),
        ("blank lines", Fill("", "\n")),
        ("many flow items", Close(Fill("a: [", "x, "), "]\n")),
        ("many short lines of one scalar", Lines("a: >\n", _ => "  w")),
    ];

    private static byte[] Fill(string head, string unit)
    {
        var sb = new StringBuilder(Size).Append(head);
        while (sb.Length + unit.Length <= Size)
        {
            sb.Append(unit);
        }

        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    /// <summary>The input with its last bytes replaced by <paramref name="end"/> (same size).</summary>
    private static byte[] Close(byte[] body, string end) => [.. body[..^end.Length], .. Encoding.UTF8.GetBytes(end)];

    private static byte[] Closed(string head, string open, string close)
    {
        var n = (Size - head.Length - 1) / (open.Length + close.Length);
        return Encoding.UTF8.GetBytes(head + string.Concat(Enumerable.Repeat(open, n)) + string.Concat(Enumerable.Repeat(close, n)) + "\n");
    }

    private static byte[] Indented(string item, int step)
    {
        var sb = new StringBuilder(Size);
        for (var depth = 0; ; depth++)
        {
            var line = new string(' ', depth * step) + item + "\n";
            if (sb.Length + line.Length > Size)
            {
                break;
            }

            sb.Append(line);
        }

        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    private static byte[] Repeat(int times, string separator, byte[] body) =>
        [.. Enumerable.Range(0, times).SelectMany(_ => Encoding.UTF8.GetBytes(separator).Concat(body))];

    private static byte[] Lines(string head, Func<int, string> line, string tail = "", int count = int.MaxValue)
    {
        var sb = new StringBuilder(Size).Append(head);
        for (var i = 0; i < count; i++)
        {
            var next = line(i) + "\n";
            if (sb.Length + next.Length + tail.Length > Size)
            {
                break;
            }

            sb.Append(next);
        }

        return Encoding.UTF8.GetBytes(sb.Append(tail).ToString());
    }

    private static byte[] Quoted()
    {
        var body = Fill("a: \"", "\\u00e9\\n\\\"x");
        return [.. body[..^1], (byte)'"', (byte)'\n'];
    }

    private static byte[] Bomb()
    {
        var sb = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for (var i = 1; i < 30; i++)
        {
            sb.Append($"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]\n".Replace("*a0", "*a", StringComparison.Ordinal));
        }

        return Encoding.UTF8.GetBytes(sb.ToString());
    }
}
