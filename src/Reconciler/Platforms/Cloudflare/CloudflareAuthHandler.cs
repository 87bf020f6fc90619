using System.Net.Http.Headers;

namespace McpSaas.Reconciler.Platforms.Cloudflare;

/// <summary>Adds <c>Authorization: Bearer &lt;API token&gt;</c> to every request of the Cloudflare client; the only place the token is read.</summary>
public sealed class CloudflareAuthHandler(CloudflareApiToken token) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Value());
        return base.SendAsync(request, cancellationToken);
    }
}
