using System.Net;
using Microsoft.AspNetCore.Http;

namespace McpSaas.StatusUi.Composition;

/// <summary>
/// The status UI's cookies (session, OAuth correlation, antiforgery): <c>HttpOnly</c>, the <c>SameSite</c> given, and
/// <c>Secure</c> beyond loopback — set whenever the request came over https or the browser addressed a host that is not
/// this machine (<c>127.0.0.1</c>, <c>::1</c>, <c>localhost</c>), so a public deployment's cookies never travel over plain
/// http, while <c>./mcpsaas up</c> on <c>http://127.0.0.1</c> keeps working.
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
        options.Secure = context.Request.IsHttps || !IsLoopbackHost(context.Request.Host.Host);
        return options;
    }

    /// <summary>Whether the browser addressed this machine itself.</summary>
    public static bool IsLoopbackHost(string? host) =>
        host is { Length: > 0 } && (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address)));
}
