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
    public static string Compute(IEnumerable<WorkerModule> modules, IEnumerable<WorkerBinding> bindings, string compatibilityDate, IEnumerable<string> flags)
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
            foreach (var m in modules.OrderBy(m => m.Name, StringComparer.Ordinal))
            {
                w.WriteStringValue($"{m.Name}:{m.Sha256}");
            }

            w.WriteEndArray();
            w.WriteStartArray("bindings");
            foreach (var b in bindings.OrderBy(b => b.Name, StringComparer.Ordinal))
            {
                w.WriteStringValue(Canonical(b));
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return Convert.ToHexStringLower(SHA256.HashData(buffer.ToArray()));
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
