using System.Collections.Frozen;

namespace McpSaas.Reconciler.Runtime;

/// <summary>
/// The built worker runtime (<c>worker-runtime/dist</c>): <c>runtime.mjs</c> and one module per catalog tool,
/// plus the compatibility date and flags every Worker is deployed with (worker-contract.md).
/// </summary>
public sealed class RuntimeBundle
{
    /// <summary>The one compatibility date of the repo; not later than the pinned workerd's date.</summary>
    public const string DefaultCompatibilityDate = "2026-11-01";

    public static IReadOnlyList<string> DefaultCompatibilityFlags { get; } = ["nodejs_compat"];

    public RuntimeBundle(WorkerModule runtime, IEnumerable<WorkerModule> tools, string compatibilityDate = DefaultCompatibilityDate)
    {
        Runtime = runtime;
        Tools = tools.ToFrozenDictionary(m => ToolId(m.Name), StringComparer.Ordinal);
        CompatibilityDate = compatibilityDate;
    }

    public WorkerModule Runtime { get; }

    /// <summary>Tool modules by tool id (<c>tools/slack.mjs</c> → <c>slack</c>).</summary>
    public FrozenDictionary<string, WorkerModule> Tools { get; }

    public string CompatibilityDate { get; }

    public IReadOnlyList<string> CompatibilityFlags => DefaultCompatibilityFlags;

    /// <summary>
    /// Loads a built worker runtime folder: <c>dist/runtime.mjs</c>, <c>dist/tools/*.mjs</c> and
    /// <c>compatibility.json</c> (the one compatibility date and flag set); a clear error when it is not built.
    /// </summary>
    public static RuntimeBundle LoadFrom(string workerRuntimeFolder)
    {
        var dist = Path.Combine(workerRuntimeFolder, "dist");
        var runtimePath = Path.Combine(dist, "runtime.mjs");
        if (!File.Exists(runtimePath))
        {
            throw new FileNotFoundException(
                $"the worker runtime is not built ({runtimePath} is missing): run 'npm ci && npm run build' in worker-runtime (./mcpsaas does it for you)",
                runtimePath);
        }

        var tools = Directory.Exists(Path.Combine(dist, "tools"))
            ? Directory.GetFiles(Path.Combine(dist, "tools"), "*.mjs").Order(StringComparer.Ordinal)
                .Select(p => WorkerModule.Create($"tools/{Path.GetFileName(p)}", File.ReadAllText(p)))
            : [];
        var compatibility = Path.Combine(workerRuntimeFolder, "compatibility.json");
        var date = DefaultCompatibilityDate;
        if (File.Exists(compatibility))
        {
            using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(compatibility));
            date = doc.RootElement.GetProperty("compatibilityDate").GetString() ?? date;
        }

        return new RuntimeBundle(WorkerModule.Create("runtime.mjs", File.ReadAllText(runtimePath)), tools, date);
    }

    private static string ToolId(string moduleName)
    {
        if (!moduleName.StartsWith("tools/", StringComparison.Ordinal) || !moduleName.EndsWith(".mjs", StringComparison.Ordinal))
        {
            throw new ArgumentException($"tool module '{moduleName}' is not named tools/<id>.mjs", nameof(moduleName));
        }

        return moduleName["tools/".Length..^".mjs".Length];
    }
}
