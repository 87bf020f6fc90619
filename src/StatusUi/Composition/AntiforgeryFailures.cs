using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;

namespace McpSaas.StatusUi.Composition;

/// <summary>
/// A form posted without a valid antiforgery token (not from this site's own page, or from a page older than the
/// session) is answered 400 with a page that says so — nothing is changed, and no handler runs.
/// </summary>
internal sealed class AntiforgeryFailures(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Features.Get<IAntiforgeryValidationFeature>() is { IsValid: false } && !context.Response.HasStarted)
        {
            Components.SecurityHeaders.Apply(context.Response);
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            context.Response.ContentType = "text/html; charset=utf-8";
            await context.Response.WriteAsync(
                "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Form refused · McpSaas</title><link rel=\"stylesheet\" href=\"/ui/site.css\"></head>"
                + "<body><main id=\"main\"><h1>This form was refused</h1><p>It did not carry this site's token (it was not sent from one of its pages, "
                + "or the page was opened before you signed in or out). Nothing was changed: reload the page you came from and send the form again, or go to <a href=\"/\">McpSaas</a>.</p></main></body></html>",
                context.RequestAborted);
            return;
        }

        await next(context);
    }
}
