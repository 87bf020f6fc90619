using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace McpSaas.Testing.Fakes.GitHub.Routes;

/// <summary>The REST API under <c>/api/v3</c>: App endpoints (JWT) and installation endpoints (installation token).</summary>
internal static class ApiRoutes
{
    public static void Map(IEndpointRouteBuilder endpoints, FakeGitHub fake)
    {
        var api = endpoints.MapGroup("/api/v3");

        api.MapPost("/app/installations/{id:long}/access_tokens", (HttpContext context, long id) =>
        {
            if (App(context, fake) is { } refused)
            {
                return refused;
            }

            var installation = fake.Installation(id);
            if (installation is null)
            {
                return Message(StatusCodes.Status404NotFound, "Not Found");
            }

            if (installation.Suspended)
            {
                return Message(StatusCodes.Status403Forbidden, "This installation has been suspended");
            }

            var token = fake.Mint(id);
            return Results.Json(new JsonObject
            {
                ["token"] = token.Token,
                ["expires_at"] = token.ExpiresAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                ["permissions"] = PermissionsJson(installation),
                ["repository_selection"] = "selected",
            }, statusCode: StatusCodes.Status201Created);
        });

        api.MapGet("/app/installations/{id:long}", (HttpContext context, long id) =>
        {
            if (App(context, fake) is { } refused)
            {
                return refused;
            }

            var installation = fake.Installation(id);
            return installation is null ? Message(StatusCodes.Status404NotFound, "Not Found") : Results.Json(InstallationJson(installation, fake));
        });

        api.MapGet("/repos/{owner}/{repo}/installation", (HttpContext context, string owner, string repo) =>
        {
            if (App(context, fake) is { } refused)
            {
                return refused;
            }

            var repository = fake.Repository(owner, repo);
            return repository is null ? Message(StatusCodes.Status404NotFound, "Not Found") : Results.Json(InstallationJson(repository.Installation, fake));
        });

        api.MapGet("/installation/repositories", (HttpContext context) =>
        {
            var token = Installation(context, fake);
            if (token is null)
            {
                return Message(StatusCodes.Status401Unauthorized, "Bad credentials");
            }

            var all = fake.RepositoriesOf(token.InstallationId);
            var repositories = new JsonArray([.. Page(context, fake, "installation/repositories", all).Select(r => (JsonNode)RepositoryJson(r))]);
            return Results.Json(new JsonObject { ["total_count"] = all.Count, ["repository_selection"] = "selected", ["repositories"] = repositories });
        });
    }

    /// <summary>Null when the request carries a valid App JWT as <c>Bearer</c>; otherwise the 401 GitHub would give.</summary>
    private static IResult? App(HttpContext context, FakeGitHub fake)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            context.Items["fake-auth"] = header.Length == 0 ? "none" : "invalid";
            return Message(StatusCodes.Status401Unauthorized, "A JSON web token could not be decoded (send it as Authorization: Bearer)");
        }

        var problem = AppJwtCheck.Problem(header["Bearer ".Length..].Trim(), fake.AppPublicKey, fake.Options, fake.Clock.GetUtcNow());
        context.Items["fake-auth"] = problem is null ? "jwt" : "invalid";
        return problem is null ? null : Message(StatusCodes.Status401Unauthorized, problem);
    }

    internal static IssuedToken? Installation(HttpContext context, FakeGitHub fake)
    {
        var header = context.Request.Headers.Authorization.ToString();
        var value = header.StartsWith("Bearer ", StringComparison.Ordinal) ? header[7..]
            : header.StartsWith("token ", StringComparison.Ordinal) ? header[6..]
            : null;
        var token = fake.ValidToken(value?.Trim());
        context.Items["fake-auth"] = token is null ? (header.Length == 0 ? "none" : "invalid") : "installation";
        context.Items["fake-installation"] = token?.InstallationId;
        return token;
    }

    internal static JsonObject PermissionsJson(FakeInstallation installation) =>
        new([.. installation.Permissions.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value))]);

    internal static JsonObject InstallationJson(FakeInstallation installation, FakeGitHub fake) => new()
    {
        ["permissions"] = PermissionsJson(installation),
        ["app_slug"] = fake.Options.AppSlug,
        ["id"] = installation.Id,
        ["app_id"] = fake.Options.AppId,
        ["client_id"] = fake.Options.ClientId,
        ["account"] = new JsonObject { ["login"] = installation.Account, ["id"] = installation.AccountId, ["type"] = installation.AccountType },
        ["repository_selection"] = "selected",
        ["target_type"] = installation.AccountType,
        ["suspended_at"] = installation.Suspended ? fake.Clock.GetUtcNow().ToString("O", CultureInfo.InvariantCulture) : null,
    };

    internal static JsonObject RepositoryJson(FakeRepository repository) => new()
    {
        ["id"] = repository.Id,
        ["name"] = repository.Name,
        ["full_name"] = repository.FullName,
        ["private"] = true,
        ["owner"] = new JsonObject { ["login"] = repository.Owner, ["id"] = repository.Installation.AccountId, ["type"] = repository.Installation.AccountType },
        ["default_branch"] = repository.DefaultBranch,
        ["clone_url"] = repository.CloneUrl.ToString(),
    };

    /// <summary>
    /// The page of <paramref name="all"/> the request asks for (<c>per_page</c> 1–100, default 30; <c>page</c> from 1),
    /// with GitHub's <c>Link</c> header (next, last, first, prev) to <c>api/v3/&lt;path&gt;</c>.
    /// </summary>
    internal static IEnumerable<T> Page<T>(HttpContext context, FakeGitHub fake, string path, IReadOnlyList<T> all)
    {
        var perPage = Math.Clamp(IntQuery(context, "per_page", 30), 1, 100);
        var page = Math.Max(1, IntQuery(context, "page", 1));
        var last = Math.Max(1, (int)Math.Ceiling(all.Count / (double)perPage));
        var links = new List<string>();
        string Link(int p, string rel) => $"<{fake.BaseUrl}api/v3/{path}?per_page={perPage}&page={p}>; rel=\"{rel}\"";
        if (page < last)
        {
            links.Add(Link(page + 1, "next"));
            links.Add(Link(last, "last"));
        }

        if (page > 1)
        {
            links.Add(Link(1, "first"));
            links.Add(Link(page - 1, "prev"));
        }

        if (links.Count > 0)
        {
            context.Response.Headers.Link = string.Join(", ", links);
        }

        return all.Skip((page - 1) * perPage).Take(perPage);
    }

    internal static int IntQuery(HttpContext context, string name, int fallback) =>
        int.TryParse(context.Request.Query[name], NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : fallback;

    internal static IResult Message(int status, string message) =>
        Results.Json(new JsonObject { ["message"] = message, ["documentation_url"] = "https://docs.github.com/rest" }, statusCode: status);
}
