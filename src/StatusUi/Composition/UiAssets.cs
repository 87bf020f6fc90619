using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;

namespace McpSaas.StatusUi.Composition;

/// <summary>The stylesheet and the small progressive script, embedded in the assembly and served at <c>/ui/…</c>.</summary>
internal static class UiAssets
{
    private static readonly Lazy<(byte[] Css, byte[] Js)> Files = new(() => (Read("ui/site.css"), Read("ui/site.js")));

    public static IResult Css(HttpContext context) => Serve(context, Files.Value.Css, "text/css; charset=utf-8");

    public static IResult Js(HttpContext context) => Serve(context, Files.Value.Js, "text/javascript; charset=utf-8");

    private static IResult Serve(HttpContext context, byte[] content, string type)
    {
        var etag = $"\"{Convert.ToHexStringLower(SHA256.HashData(content))[..16]}\"";
        context.Response.Headers.ETag = etag;
        context.Response.Headers.CacheControl = "no-cache";
        context.Response.Headers["X-Content-Type-Options"] = "nosniff";
        return context.Request.Headers.IfNoneMatch == etag ? Results.StatusCode(StatusCodes.Status304NotModified) : Results.Bytes(content, type);
    }

    private static byte[] Read(string name)
    {
        using var stream = typeof(UiAssets).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"embedded resource '{name}' is missing");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }
}
