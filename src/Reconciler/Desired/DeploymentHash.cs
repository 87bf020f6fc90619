using System.Security.Cryptography;
using System.Text.Json;
using McpSaas.Reconciler.Runtime;

namespace McpSaas.Reconciler.Desired;

/// <summary>
/// The content hash of a deployment (architecture.md): modules, every binding (secrets by reference and
/// version, never value), compatibility date and flags. Equal hash ⇒ nothing to deploy.
/// Platforms recompute it from what they observe to detect drift.
/// </summary>
public static class DeploymentHash
{
    /// <summary>The name of the json binding with the API key hashes: it changes without an upload (a rebind), like secrets.</summary>
    public const string KeyHashesBinding = "MCP_KEY_HASHES";

    public static string Compute(IEnumerable<WorkerModule> modules, IEnumerable<WorkerBinding> bindings, string compatibilityDate, IEnumerable<string> flags) =>
        FromLines(modules.Select(m => $"{m.Name}:{m.Sha256}"), bindings.Select(Canonical), compatibilityDate, flags);

    /// <summary>
    /// The code hash: everything but what a rebind may change (secret versions and key hashes). Two deployments with
    /// the same code hash differ only in bindings the platform can change without an upload.
    /// </summary>
    public static string CodeHash(IEnumerable<WorkerModule> modules, IEnumerable<WorkerBinding> bindings, string compatibilityDate, IEnumerable<string> flags) =>
        FromLines(modules.Select(m => $"{m.Name}:{m.Sha256}"), bindings.Where(b => !IsRebindable(b.Name, b is SecretTextBinding)).Select(Canonical), compatibilityDate, flags);

    /// <summary>Whether a rebind (no upload) may change this binding.</summary>
    public static bool IsRebindable(string name, bool isSecret) => isSecret || name == KeyHashesBinding;

    /// <summary>The hash over module lines (<c>name:sha256</c>) and canonical binding lines (<see cref="Canonical"/>).</summary>
    public static string FromLines(IEnumerable<string> moduleLines, IEnumerable<string> bindingLines, string compatibilityDate, IEnumerable<string> flags)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("compatibilityDate", compatibilityDate);
            w.WriteStartArray("flags");
            foreach (var f in flags.Order(StringComparer.Ordinal))
            {
                w.WriteStringValue(f);
            }

            w.WriteEndArray();
            w.WriteStartArray("modules");
            foreach (var m in moduleLines.OrderBy(m => m[..m.LastIndexOf(':')], StringComparer.Ordinal))
            {
                w.WriteStringValue(m);
            }

            w.WriteEndArray();
            w.WriteStartArray("bindings");
            foreach (var b in bindingLines.OrderBy(BindingName, StringComparer.Ordinal))
            {
                w.WriteStringValue(b);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return Convert.ToHexStringLower(SHA256.HashData(buffer.ToArray()));
    }

    /// <summary>The binding name of a canonical line (<c>type NAME rest</c>).</summary>
    public static string BindingName(string canonicalLine)
    {
        var start = canonicalLine.IndexOf(' ', StringComparison.Ordinal) + 1;
        var end = canonicalLine.IndexOf(' ', start);
        return end < 0 ? canonicalLine[start..] : canonicalLine[start..end];
    }

    /// <summary>One line per binding; secret values never enter (they are not known here).</summary>
    public static string Canonical(WorkerBinding binding) => binding switch
    {
        JsonBinding j => $"json {j.Name} {j.Json}",
        PlainTextBinding p => $"plain_text {p.Name} {p.Text}",
        SecretTextBinding { Source: StoredSecret s } b => $"secret_text {b.Name} stored:{s.Reference}@{s.Version}",
        SecretTextBinding { Source: UsageTokenSecret t } b => $"secret_text {b.Name} usage-token@{t.Version}",
        DurableObjectBinding d => $"durable_object_namespace {d.Name} {d.ClassName}",
        _ => throw new ArgumentOutOfRangeException(nameof(binding), binding.GetType().Name, "unknown binding kind"),
    };
}
