using System.Net.Http.Headers;
using System.Text;
using McpSaas.Testing.Fakes.GitHub.Git;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace McpSaas.Testing.Fakes.GitHub.Routes;

/// <summary>
/// Git over smart HTTP at <c>/{owner}/{repo}.git/…</c> (fetch and clone only): HTTP basic auth with user
/// <c>x-access-token</c> and an unexpired installation token of the installation that covers the repository,
/// else 401 with a <c>Basic</c> challenge (what makes git and libgit2 ask for credentials).
/// </summary>
internal static class GitRoutes
{
    public static void Map(IEndpointRouteBuilder endpoints, FakeGitHub fake)
    {
        endpoints.Map("/{owner}/{repoGit}/{**rest}", async (HttpContext context, string owner, string repoGit, string? rest) =>
        {
            if (!repoGit.EndsWith(".git", StringComparison.Ordinal))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            var repository = fake.Repository(owner, repoGit[..^4]);
            var token = Authenticate(context, fake);
            if (token is null || (repository is not null && token.InstallationId != repository.Installation.Id))
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                context.Response.Headers.WWWAuthenticate = "Basic realm=\"GitHub\"";
                return;
            }

            if (repository is null)
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                await context.Response.WriteAsync("Repository not found.\n", context.RequestAborted).ConfigureAwait(false);
                return;
            }

            var isUploadPack = rest == "git-upload-pack" || (rest == "info/refs" && context.Request.Query["service"] == "git-upload-pack");
            if (!isUploadPack)
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                await context.Response.WriteAsync("Write access to repository not granted.\n", context.RequestAborted).ConfigureAwait(false);
                return;
            }

            await GitHttpBackend.ServeAsync(context, fake.RepositoriesRoot, $"/{repository.Owner}/{repository.Name}.git/{rest}", "x-access-token", context.RequestAborted)
                .ConfigureAwait(false);
        });
    }

    private static IssuedToken? Authenticate(HttpContext context, FakeGitHub fake)
    {
        if (!AuthenticationHeaderValue.TryParse(context.Request.Headers.Authorization.ToString(), out var header)
            || !string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase) || header.Parameter is null)
        {
            context.Items["fake-auth"] = "none";
            return null;
        }

        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header.Parameter));
        }
        catch (FormatException)
        {
            context.Items["fake-auth"] = "invalid";
            return null;
        }

        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        var token = colon > 0 && decoded[..colon] == "x-access-token" ? fake.ValidToken(decoded[(colon + 1)..]) : null;
        context.Items["fake-auth"] = token is null ? "invalid" : "basic";
        context.Items["fake-installation"] = token?.InstallationId;
        return token;
    }
}
