using System.Collections.Frozen;

namespace McpSaas.Reconciler.Runtime;

/// <summary>
/// The built worker runtime (<c>worker-runtime/dist</c>): <c>runtime.mjs</c> and one module per catalog tool,
/// plus the compatibility date and flags every Worker is deployed with (worker-contract.md).
/// </summary>
public sealed class RuntimeBundle
{
    private static readonly Lazy<(string Date, IReadOnlyList<string> Flags)> Compatibility = new(ReadCompatibility);

    /// <summary>The one compatibility date of the repo (<c>worker-runtime/compatibility.json</c>, embedded at build time).</summary>
    public static string DefaultCompatibilityDate => Compatibility.Value.Date;

    /// <summary>The compatibility flags of every Worker, from the same file.</summary>
    public static IReadOnlyList<string> DefaultCompatibilityFlags => Compatibility.Value.Flags;

    public RuntimeBundle(WorkerModule runtime, IEnumerable<WorkerModule> tools, string? compatibilityDate = null)
    {
        Runtime = runtime;
        Tools = tools.ToFrozenDictionary(m => ToolId(m.Name), StringComparer.Ordinal);
        CompatibilityDate = compatibilityDate ?? DefaultCompatibilityDate;
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
        return new RuntimeBundle(WorkerModule.Create("runtime.mjs", File.ReadAllText(runtimePath)), tools);
    }

    private static (string Date, IReadOnlyList<string> Flags) ReadCompatibility()
    {
        using var stream = typeof(RuntimeBundle).Assembly.GetManifestResourceStream("compatibility.json")
            ?? throw new InvalidOperationException("compatibility.json was not embedded at build time");
        using var doc = System.Text.Json.JsonDocument.Parse(stream);
        var root = doc.RootElement;
        return (root.GetProperty("compatibilityDate").GetString()!,
            [.. root.GetProperty("compatibilityFlags").EnumerateArray().Select(f => f.GetString()!)]);
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
