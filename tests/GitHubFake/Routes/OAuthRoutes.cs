using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace McpSaas.Testing.Fakes.GitHub.Routes;

/// <summary>
/// The App's OAuth web flow at the web root, as GitHub runs it: <c>GET /login/oauth/authorize</c> shows who may sign in
/// (one button per <see cref="FakeUser"/>, and Cancel); choosing one redirects to the <c>redirect_uri</c> with a
/// one-time <c>code</c> and the <c>state</c> as given (Cancel: <c>error=access_denied</c>); <c>POST
/// /login/oauth/access_token</c> exchanges the code for a user token (<c>ghu_…</c>, 8 hours) after checking the client
/// id and secret, the code (once, within 10 minutes), the same <c>redirect_uri</c> and the PKCE verifier (S256 only).
/// Like GitHub, a refused exchange still answers 200 with an <c>error</c> field; an unknown client id or a
/// <c>redirect_uri</c> outside the registered callback URLs is refused on the authorize page.
/// </summary>
internal static class OAuthRoutes
{
    public static void Map(IEndpointRouteBuilder endpoints, FakeGitHub fake)
    {
        endpoints.MapGet("/login/oauth/authorize", (HttpContext context) =>
        {
            var query = context.Request.Query;
            if (Problem(fake, query["client_id"], query["redirect_uri"], query["code_challenge"], query["code_challenge_method"]) is { } problem)
            {
                return Page(StatusCodes.Status400BadRequest, $"<h1>{Html(problem)}</h1>");
            }

            var hidden = new StringBuilder();
            foreach (var name in new[] { "client_id", "redirect_uri", "state", "scope", "code_challenge", "code_challenge_method" })
            {
                if (query.TryGetValue(name, out var value))
                {
                    hidden.Append(CultureInfo.InvariantCulture, $"<input type=\"hidden\" name=\"{name}\" value=\"{Html(value.ToString())}\">");
                }
            }

            var buttons = string.Concat(fake.Users.Select(u =>
                $"<button type=\"submit\" name=\"login\" value=\"{Html(u.Login)}\">Sign in as {Html(u.Login)}</button>"));
            return Page(StatusCodes.Status200OK, $"""
                <h1>Sign in to the fake GitHub</h1>
                <p>Authorize {Html(fake.Options.AppSlug)} to know who you are and which of its installations you can reach.</p>
                <form method="post" action="/login/oauth/authorize">{hidden}{buttons}<button type="submit" name="login" value="">Cancel</button></form>
                """);
        });

        endpoints.MapPost("/login/oauth/authorize", async (HttpContext context) =>
        {
            var form = await context.Request.ReadFormAsync(context.RequestAborted);
            string? redirect = form["redirect_uri"];
            if (Problem(fake, form["client_id"], redirect, form["code_challenge"], form["code_challenge_method"]) is { } problem)
            {
                return Page(StatusCodes.Status400BadRequest, $"<h1>{Html(problem)}</h1>");
            }

            redirect = string.IsNullOrEmpty(redirect) ? fake.Options.CallbackUrls.FirstOrDefault() : redirect;
            if (string.IsNullOrEmpty(redirect))
            {
                return Page(StatusCodes.Status400BadRequest, "<h1>The redirect_uri is missing and the App has no callback URL</h1>");
            }

            var state = form["state"].ToString();
            var separator = redirect.Contains('?', StringComparison.Ordinal) ? '&' : '?';
            var user = fake.UserByLogin(form["login"].ToString());
            if (user is null)
            {
                return Results.Redirect($"{redirect}{separator}error=access_denied&error_description={Uri.EscapeDataString("The user has denied your application access.")}&state={Uri.EscapeDataString(state)}");
            }

            var code = fake.IssueCode(user, redirect, string.IsNullOrEmpty(form["code_challenge"]) ? null : form["code_challenge"].ToString());
            return Results.Redirect($"{redirect}{separator}code={code.Code}&state={Uri.EscapeDataString(state)}");
        });

        endpoints.MapPost("/login/oauth/access_token", async (HttpContext context) =>
        {
            var form = context.Request.HasFormContentType ? await context.Request.ReadFormAsync(context.RequestAborted) : null;
            string? Field(string name) => form?[name].ToString() is { Length: > 0 } value ? value : context.Request.Query[name].ToString() is { Length: > 0 } q ? q : null;

            if (Field("client_id") != fake.Options.ClientId || Field("client_secret") != fake.Options.ClientSecret)
            {
                return Answer(context, Error("incorrect_client_credentials", "The client_id and/or client_secret passed are incorrect."));
            }

            var code = fake.TakeCode(Field("code"));
            if (code is null)
            {
                return Answer(context, Error("bad_verification_code", "The code passed is incorrect or expired."));
            }

            if (Field("redirect_uri") is { } redirect && redirect != code.RedirectUri)
            {
                return Answer(context, Error("redirect_uri_mismatch", "The redirect_uri MUST match the registered callback URL for this application."));
            }

            if (code.CodeChallenge is { } challenge
                && (Field("code_verifier") is not { } verifier || Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))) != challenge))
            {
                return Answer(context, Error("bad_verification_code", "The code_verifier does not match the code_challenge."));
            }

            var token = fake.MintUserToken(code.UserId);
            return Answer(context, new JsonObject
            {
                ["access_token"] = token.Token,
                ["expires_in"] = (long)fake.Options.UserTokenLifetime.TotalSeconds,
                ["refresh_token"] = "ghr_" + RandomNumberGenerator.GetHexString(40, lowercase: true),
                ["refresh_token_expires_in"] = 15_897_600,
                ["scope"] = "",
                ["token_type"] = "bearer",
            });
        });
    }

    /// <summary>
    /// <c>DELETE /api/v3/applications/{client_id}/token</c> with <c>{ "access_token" }</c>, as GitHub: the App's client id
    /// and secret in Basic auth (else 404), 204 once the token is revoked, 404 for a token that is not (or no longer) valid,
    /// 422 without one.
    /// </summary>
    public static void MapTokenRevocation(IEndpointRouteBuilder endpoints, FakeGitHub fake)
    {
        endpoints.MapDelete("/api/v3/applications/{clientId}/token", async (HttpContext context, string clientId) =>
        {
            var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{fake.Options.ClientId}:{fake.Options.ClientSecret}"));
            if (clientId != fake.Options.ClientId || context.Request.Headers.Authorization.ToString() != expected)
            {
                return ApiRoutes.Message(StatusCodes.Status404NotFound, "Not Found");
            }

            var body = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted).ConfigureAwait(false);
            if (body?["access_token"]?.GetValue<string>() is not { Length: > 0 } token)
            {
                return ApiRoutes.Message(StatusCodes.Status422UnprocessableEntity, "Invalid request.\n\n\"access_token\" wasn't supplied.");
            }

            return fake.RevokeUserToken(token) ? Results.NoContent() : ApiRoutes.Message(StatusCodes.Status404NotFound, "Not Found");
        });
    }

    /// <summary>What GitHub's authorize page refuses: an unknown client, a redirect outside the callback URLs, a PKCE method other than S256.</summary>
    private static string? Problem(FakeGitHub fake, string? clientId, string? redirectUri, string? challenge, string? method)
    {
        if (clientId != fake.Options.ClientId)
        {
            return "404: this App (client_id) does not exist";
        }

        if (!string.IsNullOrEmpty(redirectUri) && fake.Options.CallbackUrls.Count > 0
            && !fake.Options.CallbackUrls.Any(c => redirectUri.StartsWith(c, StringComparison.Ordinal)))
        {
            return "redirect_uri_mismatch: the redirect_uri is not associated with this application";
        }

        if (!string.IsNullOrEmpty(challenge) && method != "S256")
        {
            return "code_challenge_method must be S256";
        }

        return null;
    }

    /// <summary>JSON when asked for (<c>Accept: application/json</c>), else form-encoded, as GitHub answers; always 200.</summary>
    private static IResult Answer(HttpContext context, JsonObject body)
    {
        if (context.Request.Headers.Accept.ToString().Contains("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return Results.Json(body);
        }

        return Results.Text(string.Join('&', body.Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value?.ToString() ?? "")}")), "application/x-www-form-urlencoded");
    }

    private static JsonObject Error(string error, string description) => new()
    {
        ["error"] = error,
        ["error_description"] = description,
        ["error_uri"] = "https://docs.github.com/apps/troubleshooting-authorization-requests",
    };

    private static IResult Page(int status, string body) =>
        Results.Content($"<!DOCTYPE html><html lang=\"en\"><head><title>Fake GitHub</title></head><body>{body}</body></html>", "text/html; charset=utf-8", Encoding.UTF8, status);

    private static string Html(string text) => HtmlEncoder.Default.Encode(text);
}
