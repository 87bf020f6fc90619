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
    /// <summary>
    /// The status UI's part of the pipeline, after authentication and before <c>UseAntiforgery()</c>: a form posted to
    /// a page of an org the request may not read answers that page's 404.
    /// </summary>
    public static IApplicationBuilder UseMcpSaasStatusUi(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.UseMiddleware<Access.OrgFormGuard>();
    }

    /// <summary>After <c>UseAntiforgery()</c>: a post whose token failed gets a 400 page that says so, and nothing runs.</summary>
    public static IApplicationBuilder UseMcpSaasStatusUiAntiforgeryPage(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.UseMiddleware<AntiforgeryFailures>();
    }

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
