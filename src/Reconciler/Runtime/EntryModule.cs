using System.Text;

namespace McpSaas.Reconciler.Runtime;

/// <summary>Renders <c>main.mjs</c>, the generated entry module, in exactly the golden shape of worker-contract.md.</summary>
public static class EntryModule
{
    public const string Name = "main.mjs";

    /// <param name="toolIds">Distinct catalog ids of the tools the server uses, in first-use order.</param>
    public static WorkerModule Render(IEnumerable<string> toolIds)
    {
        var ids = toolIds.Distinct(StringComparer.Ordinal).ToList();
        var sb = new StringBuilder();
        sb.Append("import { createWorker, McpSession, McpLimiter } from \"./runtime.mjs\";\n");
        foreach (var id in ids)
        {
            if (!IsIdentifier(id))
            {
                throw new ArgumentException($"tool id '{id}' cannot be a JavaScript identifier", nameof(toolIds));
            }

            sb.Append($"import {id} from \"./tools/{id}.mjs\";\n");
        }

        sb.Append($"export default createWorker([{string.Join(", ", ids)}]);\n");
        sb.Append("export { McpSession, McpLimiter };\n");
        return WorkerModule.Create(Name, sb.ToString());
    }

    private static readonly HashSet<string> Reserved = new(StringComparer.Ordinal)
    {
        "await", "break", "case", "catch", "class", "const", "continue", "debugger", "default", "delete", "do", "else", "enum",
        "export", "extends", "false", "finally", "for", "function", "if", "import", "in", "instanceof", "let", "new", "null",
        "return", "static", "super", "switch", "this", "throw", "true", "try", "typeof", "var", "void", "while", "with", "yield",
        "createWorker", "McpSession", "McpLimiter",
    };

    private static bool IsIdentifier(string id) =>
        id.Length > 0 && char.IsAsciiLetterLower(id[0]) && id.All(char.IsAsciiLetterOrDigit) && !Reserved.Contains(id);
}
