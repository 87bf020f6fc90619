using System.Text.Json;
using McpSaas.Schema.Collections;
using McpSaas.Schema.Diagnostics;
using McpSaas.Schema.Manifests;
using McpSaas.Schema.Secrets;
using McpSaas.Schema.Validation;
using McpSaas.Schema.Yaml;

namespace McpSaas.Schema.Loading;

/// <summary>Checks one non-empty YAML document: tree walk (keys, aliases, credentials) → JSON Schema → code rules → model.</summary>
internal static class DocumentValidator
{
    public static ManifestDocument Validate(string path, int index, YDocument document, ManifestLoadOptions options)
    {
        var root = document.Root!;
        var start = root.Target;
        if (document.Problem is { } problem)
        {
            return Result(index, document, null, [new Diagnostic(path, problem.Line, problem.Column, Severity.Error, problem.Code, "", problem.Message)], null, new HashSet<string>());
        }

        if (start is not YMapping)
        {
            var what = start switch
            {
                YSequence => "a list",
                YScalar s when ScalarResolver.IsNull(s) => "empty (null)",
                YScalar => "a single value",
                _ => "not a mapping",
            };
            return Result(index, document, null, [new Diagnostic(path, root.Line, root.Column, Severity.Error, DiagnosticCodes.NotAMapping, "",
                $"a manifest document must be a mapping (apiVersion, kind, metadata, spec); this one is {what}")], null, new HashSet<string>());
        }

        var walk = DocumentWalker.Walk(path, root);
        using var json = walk.Json;
        if (json is null)
        {
            return Result(index, document, null, walk.Diagnostics, null, walk.FlaggedValues);
        }

        var schema = ManifestSchema.For(options.Catalog, options.AllowInternalTools);
        var ctx = new DocumentContext(path, root, json.RootElement, walk, options, schema);
        SchemaDiagnostics.Check(ctx);
        SemanticChecks.Check(ctx);

        var nameAt = ctx.Locate("metadata", "name");
        var name = nameAt.Found && !nameAt.IsFlagged(ctx.Flagged) ? ctx.String("metadata", "name") : null;
        // Plan limits are the last checks and do not touch the shape: a document failing only those is modelled as written.
        var written = ctx.Diagnostics.All(d => DiagnosticCodes.IsPlanLimit(d.Code)) ? ModelBuilder.Build(json.RootElement) : null;
        var server = ctx.Diagnostics.Count == 0 ? written : null;
        return Result(index, document, server, ctx.Diagnostics, name is null ? null : nameAt, walk.FlaggedValues) with { Name = name, Written = written };
    }

    private static ManifestDocument Result(
        int index, YDocument document, ServerManifest? server, IEnumerable<Diagnostic> diagnostics, Location? nameAt, IReadOnlySet<string> flagged) => new()
        {
            Index = index,
            Line = document.Line,
            NameLine = nameAt?.Line ?? document.Root?.Line ?? document.Line,
            NameColumn = nameAt?.Column ?? document.Root?.Column ?? document.Column,
            Server = server,
            Diagnostics = Scrub(diagnostics, flagged)
                .OrderBy(d => d.Line).ThenBy(d => d.Column).ThenBy(d => d.Code, StringComparer.Ordinal)
                .ToValueArray(),
        };

    /// <summary>Removes every credential-looking text from diagnostics: the values found in the document, and any known token form.</summary>
    internal static IEnumerable<Diagnostic> Scrub(IEnumerable<Diagnostic> diagnostics, IReadOnlySet<string> flagged)
    {
        var redactor = new FlaggedValueRedactor(flagged);
        return diagnostics.Select(d => Scrub(d, redactor));
    }

    /// <summary>Removes every credential-looking text from a diagnostic: the values found in the document, and any known token form.</summary>
    internal static Diagnostic Scrub(Diagnostic d, FlaggedValueRedactor flagged)
    {
        var message = CredentialDetector.Redact(flagged.Redact(d.Message));
        var docPath = CredentialDetector.Redact(flagged.Redact(d.DocPath));
        return message == d.Message && docPath == d.DocPath ? d : d with { Message = message, DocPath = docPath };
    }
}
