using System.Text;
using McpSaas.Schema.Collections;
using McpSaas.Schema.Diagnostics;
using McpSaas.Schema.Manifests;
using McpSaas.Schema.Secrets;
using McpSaas.Schema.Yaml;

namespace McpSaas.Schema.Loading;

/// <summary>
/// Loads one manifest file: bytes → text checks → YAML documents → per-document checks → <see cref="ManifestFile"/>.
/// Pure (no I/O), never throws for any input: every problem is a <see cref="Diagnostic"/> with a position.
/// Cross-file rules (duplicate server names) are <see cref="ManifestSet.Check"/>'s.
/// </summary>
public static class ManifestLoader
{
    /// <summary>Largest manifest file accepted: 1 MiB.</summary>
    public const int MaxFileBytes = ManifestText.MaxBytes;

    /// <summary>Loads a manifest from its bytes (what git or the disk hold).</summary>
    /// <param name="path">Path relative to the repository (or validated folder) root, '/' separators; used in diagnostics.</param>
    /// <param name="content">The file's bytes.</param>
    /// <param name="options">Entitlement, internal tools, local mode, extra API hosts; default <see cref="ManifestLoadOptions.Default"/>.</param>
    public static ManifestFile Load(string path, ReadOnlySpan<byte> content, ManifestLoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        var (text, problem) = ManifestText.Decode(content);
        return text is null ? Failed(path, problem!) : LoadText(path, text, options ?? ManifestLoadOptions.Default);
    }

    /// <summary>Loads a manifest from text (tests, editors). The 1 MiB limit applies to its UTF-8 size.</summary>
    public static ManifestFile Load(string path, string text, ManifestLoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(text);
        return Load(path, Encoding.UTF8.GetBytes(text), options);
    }

    private static ManifestFile LoadText(string path, string text, ManifestLoadOptions options)
    {
        var multiline = new List<(int, int)>();
        var stream = YamlTreeReader.Read(text, multiline);
        if (stream.Error is { } error)
        {
            if (error.Code == DiagnosticCodes.Syntax && ManifestText.TabInIndentation(text, error.Line + 1, multiline) is { } tab)
            {
                return Failed(path, new YamlProblem(DiagnosticCodes.Tab, tab.Line, tab.Column,
                    $"tab character in indentation: YAML indents with spaces (the parser stopped at line {error.Line}, column {error.Column}: {error.Message})"));
            }

            return Failed(path, error);
        }

        if (text.Contains('%', StringComparison.Ordinal) && ManifestText.BadDirective(text) is { } directive)
        {
            return Failed(path, new YamlProblem(DiagnosticCodes.Syntax, directive.Line, directive.Column, directive.Message));
        }

        var documents = new List<ManifestDocument>();
        foreach (var document in stream.Documents)
        {
            if (document.Problem is null && IsEmpty(document.Root))
            {
                continue;
            }

            documents.Add(DocumentValidator.Validate(path, documents.Count, document with { Root = document.Root ?? new YScalar(document.Line, document.Column, "", YamlDotNet.Core.ScalarStyle.Plain, "", document.Line) }, options));
        }

        return new ManifestFile
        {
            Path = path,
            ParseFailed = false,
            Documents = documents.ToValueArray(),
            FileDiagnostics = ValueArray<Diagnostic>.Empty,
        };
    }

    /// <summary>Empty documents are ignored (manifest-v1.md): no node, or an untagged empty plain scalar.</summary>
    private static bool IsEmpty(YNode? root) =>
        root is null || (root is YScalar { Value.Length: 0, Tag.Length: 0, IsPlain: true });

    private static ManifestFile Failed(string path, YamlProblem problem) => new()
    {
        Path = path,
        ParseFailed = true,
        Documents = ValueArray<ManifestDocument>.Empty,
        FileDiagnostics = ValueArray.Create(DocumentValidator.Scrub(
            new Diagnostic(path, problem.Line, problem.Column, Severity.Error, problem.Code, "", problem.Message), new FlaggedValueRedactor([]))),
    };

    /// <summary>A file over <see cref="MaxFileBytes"/>, known by its size alone (so a caller need not read it).</summary>
    public static ManifestFile TooLarge(string path, long length) =>
        Failed(path, ManifestText.TooLargeProblem(length));

    /// <summary>A file that could not be read at all (I/O error), in the same shape as a parse failure.</summary>
    public static ManifestFile Unreadable(string path, string reason) =>
        Failed(path, new YamlProblem(DiagnosticCodes.Unreadable, 1, 1, $"cannot read the file: {CredentialDetector.Redact(reason)}"));
}
