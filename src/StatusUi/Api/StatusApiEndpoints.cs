using System.Text.Json;
using McpSaas.StatusUi.Access;
using McpSaas.StatusUi.Builder;
using McpSaas.StatusUi.Components;
using McpSaas.StatusUi.Data;
using McpSaas.StatusUi.Model;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace McpSaas.StatusUi.Api;

/// <summary>
/// The JSON API behind the pages (<c>/api/orgs/…</c>): the very views the pages render. An org the request may not
/// read answers 404 <c>{ "error": … }</c> like one that does not exist. Read-only, except the builder, which changes
/// nothing either (it validates and returns a manifest).
/// </summary>
public static class StatusApiEndpoints
{
    public const string Prefix = "/api/orgs";

    /// <summary>The largest builder input accepted, in bytes.</summary>
    public const int MaxBuilderBody = 256 * 1024;

    public static RouteGroupBuilder MapStatusApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(Prefix, ListOrgsAsync).WithName("StatusOrgs");
        var org = endpoints.MapGroup(Prefix + "/{org}").AddEndpointFilter(RequireReadAsync);
        org.MapGet("/overview", OverviewAsync).WithName("StatusOverview");
        org.MapGet("/servers/{repo}/{name}", ServerAsync).WithName("StatusServer");
        org.MapGet("/servers/{repo}/{name}/status", ServerStatusAsync).WithName("StatusServerStatus");
        org.MapGet("/secrets", SecretsAsync).WithName("StatusSecrets");
        org.MapGet("/catalog", CatalogAsync).WithName("StatusCatalog");
        org.MapGet("/plan", PlanAsync).WithName("StatusPlan");
        org.MapGet("/getting-started", GettingStartedAsync).WithName("StatusGettingStarted");
        org.MapPost("/builder", BuildAsync).WithName("StatusBuilder");
        org.MapGet("/audit", AuditAsync).WithName("StatusAudit");
        return org;
    }

    internal static async Task<Results<JsonHttpResult<OrgListView>, JsonHttpResult<ErrorView>>> ListOrgsAsync(
        HttpContext context, IOrgAccess access, StatusReader reader, CancellationToken cancellationToken)
    {
        SecurityHeaders.Apply(context.Response);
        if (await access.GetUserAsync(context, cancellationToken) is null)
        {
            return NotFound("not found");
        }

        var orgs = await access.FilterOrgsAsync(context, await reader.KnownOrgsAsync(cancellationToken), cancellationToken);
        return TypedResults.Json(await reader.OrgsAsync(orgs, cancellationToken), StatusJsonContext.Default.OrgListView);
    }

    internal static async Task<JsonHttpResult<OverviewView>> OverviewAsync(string org, StatusReader reader, CancellationToken cancellationToken) =>
        TypedResults.Json(await reader.OverviewAsync(org, cancellationToken), StatusJsonContext.Default.OverviewView);

    internal static async Task<Results<JsonHttpResult<ServerView>, JsonHttpResult<ErrorView>>> ServerAsync(
        string org, string repo, string name, StatusReader reader, CancellationToken cancellationToken) =>
        ServerId.TryParse($"{org}/{repo}/{name}", out var id) && await reader.ServerAsync(id, cancellationToken) is { } view
            ? TypedResults.Json(view, StatusJsonContext.Default.ServerView)
            : NotFound($"no server {org}/{repo}/{name}");

    internal static async Task<Results<JsonHttpResult<ServerStatusView>, JsonHttpResult<ErrorView>>> ServerStatusAsync(
        string org, string repo, string name, StatusReader reader, CancellationToken cancellationToken) =>
        ServerId.TryParse($"{org}/{repo}/{name}", out var id) && await reader.StatusAsync(id, cancellationToken) is { } view
            ? TypedResults.Json(view, StatusJsonContext.Default.ServerStatusView)
            : NotFound($"no server {org}/{repo}/{name}");

    internal static async Task<JsonHttpResult<SecretsView>> SecretsAsync(string org, StatusReader reader, CancellationToken cancellationToken) =>
        TypedResults.Json(await reader.SecretsAsync(org, cancellationToken), StatusJsonContext.Default.SecretsView);

    internal static async Task<Results<JsonHttpResult<CatalogView>, JsonHttpResult<ErrorView>>> CatalogAsync(
        string org, string? q, string? category, IStateStore store, CancellationToken cancellationToken)
    {
        if (!CatalogReader.IsCategory(category))
        {
            return TypedResults.Json(new ErrorView($"'{category}' is not a category: use one of {string.Join(", ", CatalogReader.Categories)}"),
                StatusJsonContext.Default.ErrorView, statusCode: StatusCodes.Status400BadRequest);
        }

        var entitlement = await store.GetEntitlementAsync(org, cancellationToken);
        return TypedResults.Json(CatalogReader.Read(org, entitlement.Tier, q is { Length: > 100 } ? q[..100] : q, category), StatusJsonContext.Default.CatalogView);
    }

    internal static async Task<JsonHttpResult<PlanView>> PlanAsync(string org, StatusReader reader, CancellationToken cancellationToken) =>
        TypedResults.Json(await reader.PlanAsync(org, cancellationToken), StatusJsonContext.Default.PlanView);

    internal static async Task<Results<JsonHttpResult<GettingStartedView>, JsonHttpResult<ErrorView>>> GettingStartedAsync(
        HttpContext context, string org, string? repo, string? name, IOrgAccess access, StatusReader reader, CancellationToken cancellationToken)
    {
        if (repo is not null && !BuilderRules.IsRepoName(repo))
        {
            return BadRequest("repo: a repository name has letters, digits, '.', '_' and '-' only");
        }

        if (name is not null && !BuilderRules.IsServerName(name))
        {
            return BadRequest("name: not a server name: 1-40 lowercase letters, digits and '-', starting with a letter");
        }

        var user = await access.GetUserAsync(context, cancellationToken);
        return TypedResults.Json(await reader.GettingStartedAsync(org, repo, name, user?.Login ?? "me", cancellationToken), StatusJsonContext.Default.GettingStartedView);
    }

    internal static async Task<Results<JsonHttpResult<BuilderResultView>, JsonHttpResult<ErrorView>>> BuildAsync(
        HttpContext context, string org, ManifestBuilder builder, CancellationToken cancellationToken)
    {
        if (!context.Request.HasJsonContentType())
        {
            return TypedResults.Json(new ErrorView("send the builder input as JSON (Content-Type: application/json)"),
                StatusJsonContext.Default.ErrorView, statusCode: StatusCodes.Status415UnsupportedMediaType);
        }

        if (context.Request.ContentLength > MaxBuilderBody)
        {
            return TypedResults.Json(new ErrorView($"the body is over {MaxBuilderBody} bytes: a manifest's input is far smaller"),
                StatusJsonContext.Default.ErrorView, statusCode: StatusCodes.Status413PayloadTooLarge);
        }

        BuilderInput? input;
        try
        {
            using var limited = new MemoryStream();
            var buffer = new byte[16 * 1024];
            int read;
            while (limited.Length <= MaxBuilderBody && (read = await context.Request.Body.ReadAsync(buffer, cancellationToken)) > 0)
            {
                limited.Write(buffer, 0, read);
            }

            if (limited.Length > MaxBuilderBody)
            {
                return TypedResults.Json(new ErrorView($"the body is over {MaxBuilderBody} bytes: a manifest's input is far smaller"),
                    StatusJsonContext.Default.ErrorView, statusCode: StatusCodes.Status413PayloadTooLarge);
            }

            limited.Position = 0;
            input = await JsonSerializer.DeserializeAsync(limited, StatusJsonContext.Default.BuilderInput, cancellationToken);
        }
        catch (JsonException e)
        {
            return BadRequest($"the body is not builder input: {e.Message}");
        }

        if (input is null)
        {
            return BadRequest("the body is not builder input: it is empty");
        }

        var result = await builder.BuildAsync(org, input, cancellationToken);
        return TypedResults.Json(result, StatusJsonContext.Default.BuilderResultView, statusCode: result.Valid ? StatusCodes.Status200OK : StatusCodes.Status422UnprocessableEntity);
    }

    /// <summary>The org's audit log: org admins only (a member gets 403: they know the org exists, but not who changed what).</summary>
    internal static async Task<Results<JsonHttpResult<AuditView>, JsonHttpResult<ErrorView>>> AuditAsync(
        HttpContext context, string org, string? since, string? limit, IOrgAccess access, StatusReader reader, CancellationToken cancellationToken)
    {
        if (await access.GetRoleAsync(context, org, cancellationToken) != OrgRole.Admin)
        {
            return TypedResults.Json(new ErrorView($"only admins of {org} see its audit log"), StatusJsonContext.Default.ErrorView, statusCode: StatusCodes.Status403Forbidden);
        }

        var (from, max, error) = reader.AuditFilters(since, limit);
        if (error is not null)
        {
            return BadRequest($"{error.Field}: {error.Message}");
        }

        return TypedResults.Json(await reader.AuditAsync(org, from, max, cancellationToken), StatusJsonContext.Default.AuditView);
    }

    /// <summary>Every <c>/api/orgs/{org}/…</c> endpoint: 404 unless the request may read the org; no caching.</summary>
    private static async ValueTask<object?> RequireReadAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var context = invocation.HttpContext;
        SecurityHeaders.Apply(context.Response);
        var org = context.Request.RouteValues["org"] as string;
        var access = context.RequestServices.GetService(typeof(IOrgAccess)) as IOrgAccess;
        if (org is null || access is null || !BuilderRules.IsRepoName(org)
            || await access.GetRoleAsync(context, org, context.RequestAborted) == OrgRole.None)
        {
            return NotFound($"no org {org}");
        }

        return await next(invocation);
    }

    private static JsonHttpResult<ErrorView> NotFound(string error) =>
        TypedResults.Json(new ErrorView(error), StatusJsonContext.Default.ErrorView, statusCode: StatusCodes.Status404NotFound);

    private static JsonHttpResult<ErrorView> BadRequest(string error) =>
        TypedResults.Json(new ErrorView(error), StatusJsonContext.Default.ErrorView, statusCode: StatusCodes.Status400BadRequest);
}
