using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace McpSaas.Testing.Fakes.GitHub.Routes;

/// <summary>
/// What a user access token reads under <c>/api/v3</c>: <c>GET /user</c>, <c>GET /user/installations</c> (the App's
/// installations the user can reach, <c>per_page</c> up to 100, <c>Link</c> pages) and <c>GET /user/memberships/orgs/{org}</c>
/// (404 when not a member). A missing, unknown or expired token gets 401 "Bad credentials"; an installation token gets
/// 403 "Resource not accessible by integration", as on GitHub.
/// </summary>
internal static class UserRoutes
{
    public static void Map(IEndpointRouteBuilder endpoints, FakeGitHub fake)
    {
        var api = endpoints.MapGroup("/api/v3/user");

        api.MapGet("", (HttpContext context) => Gate(context, fake, user => Results.Json(new JsonObject
        {
            ["login"] = user.Login,
            ["id"] = user.Id,
            ["node_id"] = $"U_{user.Id}",
            ["type"] = "User",
            ["site_admin"] = false,
            ["name"] = user.Name,
            ["email"] = user.Email,
            ["html_url"] = $"{fake.BaseUrl}{user.Login}",
        })));

        api.MapGet("/installations", (HttpContext context) => Gate(context, fake, user =>
        {
            var all = user.InstallationIds.Select(fake.Installation).Where(i => i is not null).Select(i => i!).ToList();
            return Results.Json(new JsonObject
            {
                ["total_count"] = all.Count,
                ["installations"] = new JsonArray([.. ApiRoutes.Page(context, fake, "user/installations", all).Select(i => (JsonNode)ApiRoutes.InstallationJson(i, fake))]),
            });
        }));

        api.MapGet("/memberships/orgs/{org}", (HttpContext context, string org) => Gate(context, fake, user =>
        {
            var installation = user.InstallationIds.Select(fake.Installation).FirstOrDefault(i => i is not null && string.Equals(i.Account, org, StringComparison.OrdinalIgnoreCase));
            if (!user.Memberships.TryGetValue(org, out var role))
            {
                return ApiRoutes.Message(StatusCodes.Status404NotFound, "Not Found");
            }

            return Results.Json(new JsonObject
            {
                ["url"] = $"{fake.BaseUrl}api/v3/orgs/{org}/memberships/{user.Login}",
                ["state"] = "active",
                ["role"] = role,
                ["organization_url"] = $"{fake.BaseUrl}api/v3/orgs/{org}",
                ["organization"] = new JsonObject { ["login"] = installation?.Account ?? org, ["id"] = installation?.AccountId },
                ["user"] = new JsonObject { ["login"] = user.Login, ["id"] = user.Id },
            });
        }));
    }

    private static IResult Gate(HttpContext context, FakeGitHub fake, Func<FakeUser, IResult> handler)
    {
        if (fake.UserApiDown)
        {
            return ApiRoutes.Message(StatusCodes.Status503ServiceUnavailable, "Service Unavailable");
        }

        var header = context.Request.Headers.Authorization.ToString();
        var value = header.StartsWith("Bearer ", StringComparison.Ordinal) ? header[7..].Trim()
            : header.StartsWith("token ", StringComparison.Ordinal) ? header[6..].Trim()
            : null;
        if (fake.ValidUserToken(value) is { } token && fake.User(token.UserId) is { } user)
        {
            context.Items["fake-auth"] = "user";
            return handler(user);
        }

        if (fake.ValidToken(value) is not null)
        {
            context.Items["fake-auth"] = "installation";
            return ApiRoutes.Message(StatusCodes.Status403Forbidden, "Resource not accessible by integration");
        }

        context.Items["fake-auth"] = header.Length == 0 ? "none" : "invalid";
        return ApiRoutes.Message(StatusCodes.Status401Unauthorized, "Bad credentials");
    }
}
