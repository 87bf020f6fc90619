using System.Text;

namespace McpSaas.Testing.Fakes.Cloudflare;

/// <summary>One uploaded module part: its name, content type and exact bytes.</summary>
public sealed record FakeModule(string Name, string ContentType, byte[] Content)
{
    public string Text => Encoding.UTF8.GetString(Content);

    public bool IsEsModule => ContentType is "application/javascript+module" or "text/javascript+module";
}
