using System.Buffers;
using System.Text.Json;
using McpSaas.Schema.Diagnostics;
using McpSaas.Schema.Secrets;
using McpSaas.Schema.Validation;
using McpSaas.Schema.Yaml;

namespace McpSaas.Schema.Loading;

/// <summary>
/// One pass over a document's YAML tree: writes its JSON form (first occurrence of a duplicate key wins), reports
/// duplicate and non-string keys, expands aliases within a node budget (alias bombs stop at the budget), and flags
/// credential-looking strings anywhere (keys too, and values of duplicate keys that are not written).
/// </summary>
internal sealed class DocumentWalker
{
    /// <summary>Most nodes one document may expand to, aliases included (a manifest has well under 500).</summary>
    public const int MaxNodes = 10_000;

    private const int MaxExpandedDepth = YamlTreeReader.MaxDepth * 2;

    private readonly string _path;
    private readonly List<Diagnostic> _diagnostics = [];
    private readonly HashSet<YNode> _flagged = [];
    private readonly HashSet<string> _flaggedValues = new(StringComparer.Ordinal);
    private readonly List<object> _segments = [];
    private readonly Utf8JsonWriter _writer;
    private int _nodes;
    private YAlias? _expanding;
    private bool _stopped;

    private DocumentWalker(string path, IBufferWriter<byte> buffer)
    {
        _path = path;
        _writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true });
    }

    public static WalkResult Walk(string path, YNode root)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        var walker = new DocumentWalker(path, buffer);
        walker.Node(root, write: true, field: null);
        walker._writer.Flush();
        walker._writer.Dispose();
        var json = walker._stopped ? null : JsonDocument.Parse(buffer.WrittenMemory);
        return new WalkResult(json, walker._diagnostics, walker._flagged, walker._flaggedValues);
    }

    private void Node(YNode node, bool write, string? field)
    {
        if (_stopped)
        {
            return;
        }

        if (++_nodes > MaxNodes || _segments.Count > MaxExpandedDepth)
        {
            var at = (YNode?)_expanding ?? node;
            var overDepth = _nodes <= MaxNodes;
            _diagnostics.Add(Make(
                overDepth ? DiagnosticCodes.TooDeep : DiagnosticCodes.AliasExpansion, at, DocPath.Format(_segments),
                overDepth
                    ? $"aliases nest deeper than {MaxExpandedDepth} levels"
                    : $"this document expands to more than {MaxNodes:N0} nodes (aliases repeat nodes): a manifest needs far fewer; remove the aliases"));
            _stopped = true;
            return;
        }

        switch (node)
        {
            case YAlias alias:
                var outer = _expanding;
                _expanding ??= alias;
                Node(alias.Target, write, field);
                _expanding = outer;
                break;
            case YScalar scalar:
                Credential(scalar, field, isKey: false);
                if (write)
                {
                    ScalarResolver.Write(_writer, scalar);
                }

                break;
            case YSequence sequence:
                if (write)
                {
                    _writer.WriteStartArray();
                }

                for (var i = 0; i < sequence.Items.Count && !_stopped; i++)
                {
                    _segments.Add(i);
                    Node(sequence.Items[i], write, field);
                    _segments.RemoveAt(_segments.Count - 1);
                }

                if (write)
                {
                    _writer.WriteEndArray();
                }

                break;
            case YMapping mapping:
                Mapping(mapping, write);
                break;
        }
    }

    private void Mapping(YMapping mapping, bool write)
    {
        if (write)
        {
            _writer.WriteStartObject();
        }

        HashSet<string>? seen = mapping.Entries.Count > 1 ? new(StringComparer.Ordinal) : null;
        foreach (var entry in mapping.Entries)
        {
            if (_stopped)
            {
                return;
            }

            if (entry.Key.Target is YScalar { Value.Length: > 0 } key)
            {
                Credential(key, null, isKey: true);
                var name = key.Value;
                var first = seen?.Add(name) ?? true;
                if (!first)
                {
                    _segments.Add(name);
                    if (!_flagged.Contains(key))
                    {
                        _diagnostics.Add(Make(DiagnosticCodes.DuplicateKey, entry.Key, DocPath.Format(_segments),
                            $"duplicate key '{name}': it is already set above in this mapping; keep one"));
                    }
                }
                else
                {
                    if (write)
                    {
                        _writer.WritePropertyName(name);
                    }

                    _segments.Add(name);
                }

                Node(entry.Value, write && first, name);
                _segments.RemoveAt(_segments.Count - 1);
            }
            else
            {
                var what = entry.Key.Target switch
                {
                    YScalar => "an empty key",
                    YSequence => "a list used as a key",
                    YMapping => "a mapping used as a key",
                    _ => "an odd key",
                };
                _diagnostics.Add(Make(DiagnosticCodes.BadKey, entry.Key, DocPath.Format(_segments),
                    $"{what}: keys must be plain strings"));
                _segments.Add("?");
                Node(entry.Key, write: false, field: null);
                Node(entry.Value, write: false, field: null);
                _segments.RemoveAt(_segments.Count - 1);
            }
        }

        if (write)
        {
            _writer.WriteEndObject();
        }
    }

    private void Credential(YScalar scalar, string? field, bool isKey)
    {
        var kind = CredentialDetector.Detect(scalar.Value, field);
        if (kind is null || !_flagged.Add(scalar))
        {
            return;
        }

        _flaggedValues.Add(scalar.Value);
        if (isKey)
        {
            _diagnostics.Add(Make(DiagnosticCodes.CredentialLiteral, scalar, DocPath.Format(_segments),
                $"a key of this mapping looks like a credential ({kind}): secret values never live in manifests; store it with `secrets set` and reference it by name under the tool's `secrets:`"));
        }
        else if (IsSecretReferencePath())
        {
            _diagnostics.Add(Make(DiagnosticCodes.SecretReferenceIsCredential, scalar, DocPath.Format(_segments),
                $"looks like a credential: store it with `secrets set` and reference it by name ({kind}; e.g. `./mcpsaas secrets set ORG NAME` with the value on stdin, then `{field}: NAME`)"));
        }
        else
        {
            _diagnostics.Add(Make(DiagnosticCodes.CredentialLiteral, scalar, DocPath.Format(_segments),
                $"looks like a credential ({kind}): secret values never live in manifests; store it with `secrets set` and reference it by name under the tool's `secrets:`"));
        }
    }

    /// <summary>Whether the current path is <c>spec.tools[i].secrets.NAME</c>.</summary>
    private bool IsSecretReferencePath() =>
        _segments.Count == 5 && _segments[0] is "spec" && _segments[1] is "tools" && _segments[2] is int && _segments[3] is "secrets";

    private Diagnostic Make(string code, YNode at, string docPath, string message) =>
        new(_path, at.Line, at.Column, Severity.Error, code, docPath, message);
}
