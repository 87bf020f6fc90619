using System.Net;
using Microsoft.AspNetCore.Http;

namespace McpSaas.StatusUi.Composition;

/// <summary>
/// The status UI's cookies (session, OAuth correlation, antiforgery): <c>HttpOnly</c>, the <c>SameSite</c> given, and
/// <c>Secure</c> beyond loopback — set whenever the request came over https, the browser addressed a host that is not
/// this machine (<c>127.0.0.1</c>, <c>::1</c>, <c>localhost</c>) or a proxy forwarded it, so a public deployment's cookies
/// never travel over plain http, while <c>./mcpsaas up</c> on <c>http://127.0.0.1</c> keeps working.
/// </summary>
public sealed class UiCookieBuilder : CookieBuilder
{
    public UiCookieBuilder(string name, SameSiteMode sameSite)
    {
        Name = name;
        SameSite = sameSite;
        HttpOnly = true;
        IsEssential = true;
        SecurePolicy = CookieSecurePolicy.SameAsRequest;
    }

    public override CookieOptions Build(HttpContext context, DateTimeOffset expiresFrom)
    {
        ArgumentNullException.ThrowIfNull(context);
        var options = base.Build(context, expiresFrom);
        options.Secure = context.Request.IsHttps || !IsLoopbackHost(context.Request.Host.Host) || IsForwarded(context.Request);
        return options;
    }

    /// <summary>
    /// Whether a proxy says it passes on another client (<c>Forwarded</c>, <c>X-Forwarded-For</c>, <c>X-Forwarded-Proto</c>,
    /// <c>X-Real-IP</c>): a proxy on this machine often addresses it as <c>127.0.0.1</c> (nginx's default <c>Host</c>), while
    /// the browser is elsewhere — the same rule as <see cref="Access.LoopbackOrgAccess"/>.
    /// </summary>
    private static bool IsForwarded(HttpRequest request) =>
        request.Headers.ContainsKey("Forwarded") || request.Headers.ContainsKey("X-Forwarded-For")
        || request.Headers.ContainsKey("X-Forwarded-Proto") || request.Headers.ContainsKey("X-Real-IP");

    /// <summary>Whether the browser addressed this machine itself.</summary>
    public static bool IsLoopbackHost(string? host) =>
        host is { Length: > 0 } && (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address)));
}
