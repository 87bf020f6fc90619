using McpSaas.StatusUi.Api;
using McpSaas.StatusUi.Components;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace McpSaas.StatusUi.Composition;

/// <summary>Maps the status UI: the pages (<c>/</c>, <c>/orgs/…</c>), their JSON API (<c>/api/orgs/…</c>) and assets (<c>/ui/…</c>).</summary>
public static class StatusUiEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps everything of the status UI (services: <see cref="StatusUiServiceCollectionExtensions.AddMcpSaasStatusUi"/>). The
    /// host's pipeline must call <c>app.UseAntiforgery()</c> before the endpoints run: the forms' tokens are checked there.
    /// </summary>
    public static IEndpointRouteBuilder MapMcpSaasStatusUi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet("/ui/site.css", UiAssets.Css);
        endpoints.MapGet("/ui/site.js", UiAssets.Js);
        endpoints.MapStatusApi();
        endpoints.MapRazorComponents<App>();
        return endpoints;
    }
}
