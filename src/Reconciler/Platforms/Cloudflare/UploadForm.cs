using System.Net.Http.Headers;

namespace McpSaas.Reconciler.Platforms.Cloudflare;

/// <summary>A rendered <c>multipart/form-data</c> upload body: the exact bytes sent (and re-sent on a retry).</summary>
public sealed record UploadForm(byte[] Body, string Boundary)
{
    public string ContentType => $"multipart/form-data; boundary={Boundary}";

    /// <summary>A fresh content for one attempt (an <see cref="HttpContent"/> is not reusable across sends).</summary>
    public HttpContent ToContent()
    {
        var content = new ByteArrayContent(Body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(ContentType);
        return content;
    }
}
