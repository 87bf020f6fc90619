using McpSaas.Schema.Collections;
using McpSaas.Schema.Diagnostics;
using McpSaas.Schema.Manifests;

namespace McpSaas.Schema.Loading;

/// <summary>Repository-level rules over every loaded manifest file of one repository (or validated folder).</summary>
public static class ManifestSet
{
    /// <summary>
    /// Reports server names declared by more than one document (in one file or across files) on every location
    /// (MCP120). Returns the files with those diagnostics added; a document that gets one loses its
    /// <see cref="ManifestDocument.Server"/> (and <see cref="ManifestDocument.Written"/>). Files keep their order.
    /// </summary>
    public static IReadOnlyList<ManifestFile> Check(IEnumerable<ManifestFile> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var list = files.ToList();
        var declared = list
            .SelectMany(f => f.Documents.Select(d => (File: f, Doc: d)))
            .Where(x => x.Doc.Name is not null)
            .GroupBy(x => x.Doc.Name!, StringComparer.Ordinal)
            .Where(g => g.Count() > 1)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        if (declared.Count == 0)
        {
            return list;
        }

        return [.. list.Select(file => file with
        {
            Documents = file.Documents.Select(doc =>
            {
                if (doc.Name is null || !declared.TryGetValue(doc.Name, out var all))
                {
                    return doc;
                }

                var others = all.Where(x => !ReferenceEquals(x.Doc, doc))
                    .Select(x => $"{x.File.Path}:{x.Doc.NameLine}:{x.Doc.NameColumn}");
                var duplicate = new Diagnostic(file.Path, doc.NameLine, doc.NameColumn, Severity.Error, DiagnosticCodes.DuplicateServer, "metadata.name",
                    $"server name '{doc.Name}' is also declared at {string.Join(", ", others)}: server names are unique within a repository");
                return doc with
                {
                    Server = null,
                    Written = null,
                    Diagnostics = doc.Diagnostics.Append(duplicate).OrderBy(d => d.Line).ThenBy(d => d.Column).ToValueArray(),
                };
            }).ToValueArray(),
        })];
    }
}
