using Microsoft.AspNetCore.Http;

namespace McpSaas.StatusUi.Components;

/// <summary>
/// Headers of every page and JSON answer: nothing cached (a key is shown once; secrets pages change), no framing, no
/// sniffing, a content security policy allowing only this origin's script and style (no inline script or style).
/// </summary>
public static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
        + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    public static void Apply(HttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (response.HasStarted)
        {
            return;
        }

        var headers = response.Headers;
        headers.CacheControl = "no-cache, no-store"; // what antiforgery also requires of a page with a form
        headers.Pragma = "no-cache";
        headers["X-Content-Type-Options"] = "nosniff";
        headers["X-Frame-Options"] = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
    }
}
