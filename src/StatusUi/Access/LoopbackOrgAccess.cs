using System.Net;
using McpSaas.StatusUi.Composition;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace McpSaas.StatusUi.Access;

/// <summary>
/// No sign-in: a request from this machine may do everything in every org (the local user of <c>./mcpsaas up</c>); any
/// other request may do nothing. "From this machine" means a loopback peer address and no forwarding header
/// (<c>Forwarded</c>, <c>X-Forwarded-For</c>): a reverse proxy on the same host passes its clients on, and they are not
/// local. With <see cref="StatusUiOptions.Access"/> = <c>none</c> nobody may.
/// </summary>
public sealed class LoopbackOrgAccess(IOptions<StatusUiOptions> options) : IOrgAccess
{
    private static readonly string LocalLogin = LoginOf(Environment.UserName);

    public ValueTask<UiUser?> GetUserAsync(HttpContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult(IsLocal(context) ? new UiUser(LocalLogin, $"ui:{LocalLogin}") : null);

    public ValueTask<OrgRole> GetRoleAsync(HttpContext context, string org, CancellationToken cancellationToken) =>
        ValueTask.FromResult(IsLocal(context) ? OrgRole.Admin : OrgRole.None);

    public ValueTask<IReadOnlyList<string>> FilterOrgsAsync(HttpContext context, IReadOnlyList<string> known, CancellationToken cancellationToken) =>
        ValueTask.FromResult(IsLocal(context) ? known : (IReadOnlyList<string>)[]);

    private bool IsLocal(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (options.Value.Access != StatusUiAccess.Loopback)
        {
            return false;
        }

        var headers = context.Request.Headers;
        if (headers.ContainsKey("Forwarded") || headers.ContainsKey("X-Forwarded-For") || headers.ContainsKey("X-Real-IP"))
        {
            return false;
        }

        return context.Connection.RemoteIpAddress is { } address && IPAddress.IsLoopback(address);
    }

    /// <summary>A login usable in key names and URLs: lowercase letters, digits, '-'; <c>local</c> when nothing is left.</summary>
    private static string LoginOf(string userName)
    {
        var chars = userName.ToLowerInvariant().Where(c => char.IsAsciiLetterOrDigit(c) || c == '-').Take(39).ToArray();
        return chars.Length == 0 || !char.IsAsciiLetterOrDigit(chars[0]) ? "local" : new string(chars);
    }
}
