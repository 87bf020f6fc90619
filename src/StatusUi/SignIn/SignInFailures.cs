using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace McpSaas.StatusUi.SignIn;

/// <summary>
/// What happens when GitHub cannot say what a signed-in person may reach: a refused token ends the session (pages
/// redirect to sign-in again, the JSON API answers 401); GitHub unreachable answers 503, never a guess (no page of an
/// org is shown without GitHub's word).
/// </summary>
internal sealed partial class SignInFailures(RequestDelegate next, ILogger<SignInFailures> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (GitHubAccessException e) when (!context.Response.HasStarted)
        {
            var api = context.Request.Path.StartsWithSegments("/api", StringComparison.Ordinal);
            context.Response.Clear();
            Components.SecurityHeaders.Apply(context.Response);
            if (e.SignInAgain)
            {
                Log.SignInAgain(logger, context.Request.Path);
                await context.SignOutAsync(SignInDefaults.CookieScheme);
                if (api)
                {
                    context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    await context.Response.WriteAsJsonAsync(new Model.ErrorView("your GitHub sign-in expired: sign in again at /signin"), Api.StatusJsonContext.Default.ErrorView, cancellationToken: context.RequestAborted);
                }
                else
                {
                    var back = context.Request.Method == HttpMethods.Get ? (context.Request.Path + context.Request.QueryString).ToString() : "/";
                    context.Response.Redirect($"{SignInDefaults.SignInPath}?returnUrl={Uri.EscapeDataString(back)}");
                }

                return;
            }

            Log.GitHubUnavailable(logger, context.Request.Path, e.Message);
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.Headers.RetryAfter = "30";
            const string message = "GitHub could not be asked what you may see (it did not answer): try again in a moment.";
            if (api)
            {
                await context.Response.WriteAsJsonAsync(new Model.ErrorView(message), Api.StatusJsonContext.Default.ErrorView, cancellationToken: context.RequestAborted);
            }
            else
            {
                context.Response.ContentType = "text/html; charset=utf-8";
                await context.Response.WriteAsync(
                    $"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Try again · McpSaas</title><link rel=\"stylesheet\" href=\"/ui/site.css\"></head><body><main id=\"main\"><h1>Try again in a moment</h1><p>{message}</p></main></body></html>",
                    context.RequestAborted);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 7002, Level = LogLevel.Information, Message = "GitHub refused a session's token at {Path}: signed out, asked to sign in again")]
        public static partial void SignInAgain(ILogger logger, string path);

        [LoggerMessage(EventId = 7003, Level = LogLevel.Warning, Message = "GitHub could not be asked who may see {Path}: {Reason}")]
        public static partial void GitHubUnavailable(ILogger logger, string path, string reason);
    }
}
