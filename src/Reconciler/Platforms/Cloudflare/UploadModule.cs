using System.Text;
using McpSaas.Reconciler.Runtime;

namespace McpSaas.Reconciler.Platforms.Cloudflare;

/// <summary>One module part of an upload: its part name (the module path imports use), content and content type.</summary>
public sealed record UploadModule(string Name, byte[] Content, string ContentType)
{
    /// <summary>ES modules (<c>.mjs</c>, <c>.js</c>).</summary>
    public const string EsModuleType = "application/javascript+module";

    public static UploadModule EsModule(string name, string content) => new(name, Encoding.UTF8.GetBytes(content), EsModuleType);

    public static UploadModule From(WorkerModule module)
    {
        ArgumentNullException.ThrowIfNull(module);
        return EsModule(module.Name, module.Content);
    }

    public override string ToString() => $"{Name} ({Content.Length} bytes, {ContentType})";
}
