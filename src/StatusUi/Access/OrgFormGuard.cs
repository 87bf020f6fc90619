using McpSaas.StatusUi.Builder;
using Microsoft.AspNetCore.Http;

namespace McpSaas.StatusUi.Access;

/// <summary>
/// A form posted to a page of an org the request may not read answers exactly as that page does when read: 404 with
/// the not-found page, before its antiforgery token is even looked at and before any form handler could run. (A page
/// only dispatches a post to a form it renders, and an unreadable org's page renders none; without this guard that
/// mismatch would answer 400 and tell the org apart from one that does not exist.)
/// </summary>
internal sealed class OrgFormGuard(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context, IOrgAccess access)
    {
        var request = context.Request;
        if (HttpMethods.IsPost(request.Method) && OrgOf(request.Path) is { } org
            && (!BuilderRules.IsRepoName(org) || await access.GetRoleAsync(context, org, context.RequestAborted) == OrgRole.None))
        {
            // Rendered as the page would be for a read: its 404 (the form data is never read).
            request.Method = HttpMethods.Get;
            request.ContentType = null;
            request.Body = Stream.Null;
            request.ContentLength = 0;
        }

        await next(context);
    }

    /// <summary>The <c>{org}</c> of <c>/orgs/{org}/…</c>, else null.</summary>
    internal static string? OrgOf(PathString path)
    {
        var value = path.Value;
        // Routes match literal segments whatever their case: /ORGS/{org}/… is the same page.
        if (value is null || !value.StartsWith("/orgs/", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var rest = value["/orgs/".Length..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var org = Uri.UnescapeDataString(slash < 0 ? rest : rest[..slash]);
        return org.Length == 0 ? null : org;
    }
}
